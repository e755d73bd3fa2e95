package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.hf.HfConfigJson;
import org.rlhf4j.ppo.PpoConfig;
import org.rlhf4j.ppo.PpoResult;
import org.rlhf4j.ppo.PpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf ppo --policy DIR --helpfulness-rm DIR --safety-rm DIR --prompts FILE --out DIR [--config f.yaml]
 * [--defaults demo|llama2] [--value-model DIR] [--iterations N] [--seed N] [--ptx SFT_DATA] [--resume]}: PPO with
 * the KL penalty and the safety-gated reward (Llama 2 §3.2.3, RLHF-V5), with the PPO-ptx term on {@code --ptx}'s
 * demonstrations.
 */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = "PPO on the policy with the safety-gated, whitened reward and the KL penalty (Llama 2 §3.2.3).")
public final class PpoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--policy", required = true,
            description = "Policy to start from (RS or SFT model directory with tokenizer.json); also the reference.")
    Path policy;

    @Option(names = "--helpfulness-rm", required = true, description = "Helpfulness reward-model directory.")
    Path helpfulnessRm;

    @Option(names = "--safety-rm", required = true, description = "Safety reward-model directory.")
    Path safetyRm;

    @Option(names = "--prompts", required = true,
            description = "Prompts (JSON Lines with is_safety); the held-out prompts are drawn from them.")
    Path prompts;

    @Option(names = "--out", required = true, description = "Run and output model directory.")
    Path out;

    @Option(names = "--config", description = "PPO config, YAML or JSON, over the defaults (unknown keys are an"
            + " error).")
    Path config;

    @Option(names = "--defaults", defaultValue = "demo",
            description = "Config defaults: demo (CPU) or llama2 (the paper's, beta by the policy's size).")
    String defaults;

    @Option(names = "--value-model", description = "Value model to start from (scalar score head; default: the"
            + " reward model named by value_init).")
    Path valueModel;

    @Option(names = "--iterations", description = "Most PPO iterations (overrides the config).")
    Integer iterations;

    @Option(names = "--seed", description = "Run seed (prompt draws, sampling, mini-batch order).")
    Long seed;

    @Option(names = "--ptx", description = "SFT demonstrations (dialogs, JSON Lines) for the PPO-ptx term, weighted by"
            + " ptx_coefficient (demo preset 5.0, llama2 0).")
    Path ptx;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in <out>/checkpoints.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        PpoConfig resolved;
        try {
            PpoConfig base = switch (defaults) {
                case "demo" -> PpoConfig.demo();
                case "llama2" -> PpoConfig.llama2(HfConfigJson.read(policy.resolve(HfConfigJson.FILE_NAME))
                        .parameterCount(HeadKind.CAUSAL_LM));
                default -> throw new IllegalArgumentException("--defaults must be demo or llama2, got " + defaults);
            };
            base = config == null ? base : PpoConfig.read(config, base);
            resolved = base.withOverrides(iterations, seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("rlhf ppo: " + e.getMessage());
            return 2;
        }
        PpoResult result;
        try {
            result = PpoTrainer.train(policy, helpfulnessRm, safetyRm, valueModel, prompts, ptx, out, resolved,
                    resume);
        } catch (IllegalArgumentException | IllegalStateException | DataFormatException | java.io.IOException e) {
            spec.commandLine().getErr().println("rlhf ppo: " + e.getMessage());
            return 1;
        }
        var w = spec.commandLine().getOut();
        w.printf("ppo finished: %d iterations%s, policy of iteration %d (held-out reward %.4f)%n",
                result.iterations(), result.stoppedEarly() ? " (early stop)" : "", result.bestIteration(),
                result.bestHeldOutReward());
        w.printf("  rollout %.0f tokens/s, update %.0f tokens/s, wall time %.1f s%n",
                result.rolloutTokensPerSecond(), result.updateTokensPerSecond(), result.elapsedSeconds());
        w.printf("  policy, value/, metrics.csv, ppo.png and manifest.json in %s%n", result.outputDir());
        w.flush();
        return 0;
    }
}
