package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf rs select --pool pool.jsonl [--earlier-pools a.jsonl,b.jsonl] --out selections.jsonl}: the best
 * answer per prompt among this pool and earlier iterations' (rescored by the reward models unless the config's
 * {@code pool_policy} is STORED), written as SFT dialogs.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Keep the best answer per prompt (this pool and earlier ones) as SFT dialogs.")
public final class RsSelectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--pool", required = true, description = "This iteration's pool.jsonl.")
    Path pool;

    @Option(names = "--earlier-pools", split = ",", description = "Pool files of earlier iterations.")
    List<Path> earlierPools = List.of();

    @Option(names = "--helpfulness-rm", description = "Helpfulness reward model (needed to rescore earlier pools).")
    Path helpfulnessRm;

    @Option(names = "--safety-rm", description = "Safety reward model (needed to rescore earlier pools).")
    Path safetyRm;

    @Option(names = "--out", required = true, description = "Selections file (dialogs, JSON Lines).")
    Path out;

    @Mixin RsOptions options;

    @Override
    public Integer call() {
        try {
            Selection.Result r = RejectionSampling.select(pool, earlierPools, helpfulnessRm, safetyRm,
                    options.resolve(), out);
            spec.commandLine().getOut().printf("selected %d answers: mean reward %.4f (a random sample: %.4f), %d from"
                            + " earlier pools, %d prompts without a usable answer → %s%n", r.dialogs().size(),
                    r.meanBestReward(), r.meanCurrentReward(), r.fromEarlierPools(), r.skipped(), out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("rlhf rs select: " + e.getMessage());
            return 1;
        }
    }
}
