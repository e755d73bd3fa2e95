package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.Distillation;
import org.rlhf4j.sft.SftResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf distill --selections F --student DIR --out DIR}: fine-tunes a smaller student (from its SFT model) on
 * a teacher's rejection-sampling selections (Llama 2 §3.2.3), with the rejection-sampling config's fine-tuning
 * settings.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Fine-tune a smaller student on a teacher's rejection-sampling selections.")
public final class DistillCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--selections", required = true, description = "The teacher's selections.jsonl (dialogs).")
    Path selections;

    @Option(names = "--student", required = true, description = "The student's SFT model directory.")
    Path student;

    @Option(names = "--out", required = true, description = "The distilled student's directory.")
    Path out;

    @Option(names = "--resume", description = "Continue a stopped run from its last checkpoint.")
    boolean resume;

    @Mixin RsOptions options;

    @Override
    public Integer call() {
        try {
            SftResult r = Distillation.distill(selections, student, out, options.resolve().fineTune(), resume);
            TrainingRunOptions.printSummary(spec.commandLine().getOut(), "distill", r);
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("rlhf distill: " + e.getMessage());
            return 1;
        }
    }
}
