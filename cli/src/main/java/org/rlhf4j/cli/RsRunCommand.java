package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf rs run --policy DIR --sft DIR --helpfulness-rm DIR --safety-rm DIR --prompts F --out DIR
 * [--earlier-pools …] [--replay F] [--resume]}: one rejection-sampling iteration — sample, select, fine-tune
 * ({@link RejectionSampling#run}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "One rejection-sampling iteration: sample, select, fine-tune from SFT.")
public final class RsRunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--policy", required = true, description = "The sampling model (with tokenizer.json).")
    Path policy;

    @Option(names = "--sft", description = "The model fine-tuned on the selections (default: --policy).")
    Path sft;

    @Option(names = "--helpfulness-rm", required = true, description = "Helpfulness reward-model directory.")
    Path helpfulnessRm;

    @Option(names = "--safety-rm", required = true, description = "Safety reward-model directory.")
    Path safetyRm;

    @Option(names = "--prompts", required = true, description = "Prompts (JSON Lines, prompts format).")
    Path prompts;

    @Option(names = "--earlier-pools", split = ",", description = "Pool files of earlier iterations.")
    List<Path> earlierPools = List.of();

    @Option(names = "--out", required = true, description = "The iteration's directory.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--replay", description = "SFT demonstrations (dialogs, JSON Lines) replayed beside the selections"
            + " in the fine-tuning, sft_replay per selection (demo preset 1.0, llama2 0).")
    Path replay;

    @Option(names = "--resume", description = "Reuse finished steps; continue a stopped fine-tuning run.")
    boolean resume;

    @Mixin RsOptions options;

    @Override
    public Integer call() {
        try {
            RejectionSampling.Result r = RejectionSampling.run(new RejectionSampling.Inputs(policy,
                    sft != null ? sft : policy, helpfulnessRm, safetyRm, prompts, earlierPools, options.resolve(),
                    out, seed, resume, replay));
            RsSampleCommand.print(spec.commandLine().getOut(), r.sampling(), out);
            for (Map.Entry<String, Object> m : r.metrics().entrySet()) {
                spec.commandLine().getOut().printf("  %s: %s%n", m.getKey(), m.getValue());
            }
            spec.commandLine().getOut().printf("fine-tuned model in %s%n", out.resolve(RejectionSampling.MODEL));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("rlhf rs run: " + e.getMessage());
            return 1;
        }
    }
}
