package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import picocli.CommandLine.Option;

/** The flags {@code sft} and {@code pretrain} share: output, config file, step overrides, seed, resume. */
final class TrainingRunOptions {

    @Option(names = "--out", required = true, description = "Run and model directory.")
    Path out;

    @Option(names = "--config", description = "SFT config, YAML or JSON, laid over the defaults (unknown keys are an"
            + " error).")
    Path config;

    @Option(names = "--max-steps", description = "Updates to run (default: epochs x rows / batch).")
    Integer maxSteps;

    @Option(names = "--save-every", description = "Checkpoint every N updates (0: only at the end).")
    Integer saveEvery;

    @Option(names = "--seed", description = "Training seed (model initialisation, data order).")
    Long seed;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in <out>/checkpoints.")
    boolean resume;

    /** The defaults, the config file over them, then the flags over both. */
    SftConfig resolve(SftConfig defaults) throws IOException {
        if (maxSteps != null && maxSteps < 1) {
            throw InputException.flag("--max-steps", "must be >= 1, got " + maxSteps);
        }
        if (saveEvery != null && saveEvery < 0) {
            throw InputException.flag("--save-every", "must be >= 0 (0: only at the end), got " + saveEvery);
        }
        SftConfig base = config == null ? defaults : SftConfig.read(config, defaults);
        return base.withOverrides(maxSteps, saveEvery, seed);
    }

    /** The final summary: steps, final loss, tokens/s, wall time. */
    static void printSummary(PrintWriter out, String stage, SftResult result) {
        out.printf("%s finished: %d steps, final loss %.4f, %.0f tokens/s, wall time %.1f s%n", stage,
                result.training().steps(), result.training().finalLoss(), result.tokensPerSecond(),
                result.training().elapsedSeconds());
        out.printf("  packed %d examples into %d rows (%d dropped, %d truncated, fill %.1f%%)%n",
                result.packing().packedExamples(), result.packing().rows(), result.packing().droppedExamples(),
                result.packing().truncatedExamples(), 100 * result.packing().fillRatio());
        out.printf("  model, tokenizer, metrics.csv, loss.png and manifest.json in %s%n",
                result.training().outputDir());
        out.flush();
    }
}
