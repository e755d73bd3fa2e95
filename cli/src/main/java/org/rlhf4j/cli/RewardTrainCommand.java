package org.rlhf4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.rewardmodel.RewardModelConfig;
import org.rlhf4j.rewardmodel.RewardModelKind;
import org.rlhf4j.rewardmodel.RewardModelResult;
import org.rlhf4j.rewardmodel.RewardModelTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf reward train --init SFT_DIR --pairs FILE… --kind helpfulness|safety --out DIR [--defaults demo|llama2]
 * [--config f.yaml] [--tokenizer FILE] [--max-steps N] [--save-every N] [--seed N] [--resume]}: a reward model
 * initialised from the chat model, trained with the margin ranking loss, evaluated on the held-out pairs.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a helpfulness or safety reward model from a chat (SFT) model on preference pairs.")
public final class RewardTrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--init", required = true, description = "Chat (SFT) model directory with tokenizer.json.")
    Path init;

    @Option(names = "--warm-start", description = "Continue from this reward model (an earlier iteration's, of the"
            + " same kind and chat model) for the config's warm_start_epochs instead of starting from the chat model.")
    Path warmStart;

    @Option(names = "--pairs", required = true, arity = "1..*",
            description = "Preference batches (JSON Lines); each keeps its own held-out test part.")
    List<Path> pairs;

    @Option(names = "--kind", required = true, description = "helpfulness or safety.")
    String kind;

    @Option(names = "--tokenizer", description = "Must be the chat model's tokenizer.json (checked) when given.")
    Path tokenizer;

    @Option(names = "--defaults", defaultValue = "demo",
            description = "Config defaults: demo (CPU; the Safety RM's demo preset trains 6 epochs with a stronger,"
                    + " class-balanced label anchor) or llama2 (the paper's).")
    String defaults;

    @Option(names = "--out", required = true, description = "Run and model directory.")
    Path out;

    @Option(names = "--config", description = "Reward-model config, YAML or JSON, over the defaults.")
    Path config;

    @Option(names = "--max-steps", description = "Updates to run (default: epochs x pairs / pairs per update).")
    Integer maxSteps;

    @Option(names = "--save-every", description = "Checkpoint every N updates (0: only at the end).")
    Integer saveEvery;

    @Option(names = "--seed", description = "Training seed (score head, held-out split, mixture, order).")
    Long seed;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in <out>/checkpoints.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        RewardModelConfig resolved;
        RewardModelKind k;
        try {
            k = RewardModelKind.parse(kind);
            RewardModelConfig base = switch (defaults) {
                case "demo" -> k == RewardModelKind.SAFETY ? RewardModelConfig.demoSafety() : RewardModelConfig.demo();
                case "llama2" -> RewardModelConfig.llama2();
                default -> throw new IllegalArgumentException("--defaults must be demo or llama2, got " + defaults);
            };
            base = config == null ? base : RewardModelConfig.read(config, base);
            resolved = base.withOverrides(maxSteps, saveEvery, seed);
            if (tokenizer != null) {
                Path own = init.resolve("tokenizer.json");
                if (!Files.isRegularFile(own) || !Sha256.of(tokenizer).equals(Sha256.of(own))) {
                    throw new IllegalArgumentException("--tokenizer " + tokenizer + " differs from the chat model's "
                            + own + "; a reward model must read the policy's token ids as the policy does");
                }
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("rlhf reward train: " + e.getMessage());
            return 2;
        }
        RewardModelResult result;
        try {
            result = RewardModelTrainer.train(init, warmStart, pairs, k, out, resolved, resume);
        } catch (IllegalArgumentException | IllegalStateException | DataFormatException | java.io.IOException e) {
            spec.commandLine().getErr().println("rlhf reward train: " + e.getMessage());
            return 1;
        }
        var w = spec.commandLine().getOut();
        w.printf("reward train (%s) finished: %d steps, final loss %.4f, %d training pairs (%d dropped), "
                        + "%.1f pairs/s, wall time %.1f s%n", k.json(), result.training().steps(),
                result.training().finalLoss(), result.trainPairs(), result.droppedPairs(), result.pairsPerSecond(),
                result.training().elapsedSeconds());
        w.print(result.evaluation().format());
        w.printf("  model, tokenizer, test sets, table8.csv/json, metrics.csv, loss.png and manifest.json in %s%n",
                out);
        w.flush();
        return 0;
    }
}
