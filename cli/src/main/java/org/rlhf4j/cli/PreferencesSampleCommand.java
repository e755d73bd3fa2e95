package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.PreferenceSampler;
import org.rlhf4j.eval.PreferenceSamplingConfig;
import org.rlhf4j.eval.SamplingVariant;
import org.rlhf4j.spark.SparkPreferenceSampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf preferences sample --prompts FILE --variant DIR@T --variant DIR@T ... --out TASKS}: for each prompt,
 * two responses from two different variants (model directory and temperature), written as comparison tasks
 * (format {@code tasks}, {@code data/FORMATS.md}) for simulated ({@code rlhf arena annotate}) or human annotators.
 * Nothing is written when an input is bad. {@code --engine spark [--master URL]} samples as a Spark job
 * ({@link SparkPreferenceSampling}: the same batches with the same seeds, so the same tasks file, byte for byte).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sample two responses per prompt from different model variants/temperatures and write them "
                + "as comparison tasks (JSONL) for annotators.")
public final class PreferencesSampleCommand implements Callable<Integer> {

    @Option(names = "--prompts", required = true, paramLabel = "<prompts.jsonl>",
            description = "Prompt records (e.g. prompts/train.jsonl of an arena directory).")
    Path prompts;

    @Option(names = "--variant", required = true, paramLabel = "<dir@temperature>",
            description = "A model directory and sampling temperature, e.g. runs/demo/sft@0.7; at least two.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "<tasks.jsonl>", description = "Comparison tasks file.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-prompts", defaultValue = "0",
            description = "Use a seeded subset of this many prompts; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxPrompts;

    @Option(names = "--batch", defaultValue = "batch-1",
            description = "Batch name, prefixed to every task id (default: ${DEFAULT-VALUE}).")
    String batch;

    @Mixin BatchDecodingOptions decoding;

    @Mixin EngineOptions engine;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<ComparisonTask> tasks;
        PreferenceSamplingConfig config;
        try {
            List<SamplingVariant> parsed = new ArrayList<>();
            for (String v : variants) {
                parsed.add(SamplingVariant.parse(v));
            }
            config = new PreferenceSamplingConfig(parsed, decoding.topP, decoding.maxNewTokens, decoding.batchSize,
                    maxPrompts, batch);
            List<PromptRecord> records = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
            tasks = engine.spark() ? SparkPreferenceSampling.sample(engine.sparkEngine(), records, config, seed)
                    : PreferenceSampler.sample(records, config, seed);
        } catch (IllegalArgumentException | DataFormatException | IOException e) {
            err.println("rlhf preferences sample: " + e.getMessage());
            err.flush();
            return 2;
        }
        JsonlWriter.write(out, RecordKind.TASKS, tasks);
        long identical = tasks.stream().filter(t -> t.responseA().equals(t.responseB())).count();
        long safety = tasks.stream().filter(ComparisonTask::isSafety).count();
        stdout.printf("wrote %d comparison tasks (%d safety, %d with identical responses) to %s in %.1f s%n",
                tasks.size(), safety, identical, out, (System.nanoTime() - start) / 1e9);
        stdout.flush();
        return 0;
    }
}
