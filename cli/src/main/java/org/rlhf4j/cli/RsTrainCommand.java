package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.sft.SftResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf rs train --sft DIR --selections F --out DIR [--replay F [--helpfulness-rm DIR --safety-rm DIR]]
 * [--resume]}: fine-tunes the SFT model on the selections for the config's constant number of steps (each iteration
 * starts from the SFT model), with the config's {@code sft_replay} SFT demonstrations per selection from
 * {@code --replay} beside them (drawn with the fine-tuning seed from those the reward models rank in the top
 * {@code sft_replay_keep}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune the SFT model on the selections for a constant number of steps.")
public final class RsTrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--sft", required = true, description = "The SFT model directory to start from.")
    Path sft;

    @Option(names = "--selections", required = true, description = "Selections (dialogs, JSON Lines).")
    Path selections;

    @Option(names = "--out", required = true, description = "Run and model directory.")
    Path out;

    @Option(names = "--replay", description = "SFT demonstrations (dialogs, JSON Lines) replayed beside the selections,"
            + " sft_replay per selection (demo preset 1.0, llama2 0).")
    Path replay;

    @Option(names = "--helpfulness-rm", description = "Helpfulness reward-model directory: with --safety-rm, ranks the"
            + " demonstrations when the config's sft_replay_keep is below 1 (demo preset 0.75).")
    Path helpfulnessRm;

    @Option(names = "--safety-rm", description = "Safety reward-model directory (see --helpfulness-rm).")
    Path safetyRm;

    @Option(names = "--resume", description = "Continue a stopped run (a finished model is reused).")
    boolean resume;

    @Mixin RsOptions options;

    @Override
    public Integer call() {
        try {
            RejectionSamplingConfig config = options.resolve();
            SftResult r = RejectionSampling.fineTune(sft, selections, replay, helpfulnessRm, safetyRm, config,
                    config.fineTune().training().seed(), out, resume);
            if (r == null) {
                spec.commandLine().getOut().println(out + " holds a finished model; reused");
            } else {
                TrainingRunOptions.printSummary(spec.commandLine().getOut(), "rs train", r);
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("rlhf rs train: " + e.getMessage());
            return 1;
        }
    }
}
