package org.rlhf4j.ppo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.rewardmodel.DemonstrationRanking;
import org.rlhf4j.rewardmodel.RewardModels;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.MetricsCsv;
import org.rlhf4j.training.RunVersions;
import org.rlhf4j.training.TrainingRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PPO for RLHF-V5 (Llama 2 §3.2.3, METHOD.md §6): maximise {@code R(g|p) = R̃c(g|p) − β·KL(πθ ‖ π0)} over the
 * training prompts. One iteration reads like the paper's paragraph:
 *
 * <ol>
 *   <li>draw {@code prompts_per_iteration} prompts and sample one response each from πθ at temperature 1
 *       ({@link Rollouts}): sampling log-probs, π0 log-probs, values, both RM scores → gated Rc →
 *       WHITEN → per-token KL penalty → GAE advantages whitened over the batch;</li>
 *   <li>one pass over the rollouts in mini-batches of {@code mini_batch_size}, one gradient step each for the policy
 *       (clipped surrogate) and the value model (clipped value loss), sharing one backward ({@link PpoUpdate});</li>
 *   <li>every {@code eval_every} iterations the mean gated reward of greedy answers to the held-out prompts; the best
 *       policy so far is kept, and {@code early_stopping_patience} evaluations without a new best end the run (the
 *       starting policy is evaluated first and is the first candidate: PPO that never beats it returns it);</li>
 *   <li>metrics ({@value MetricsCsv#FILE_NAME}, {@value PpoCurves#FILE_NAME}) and a resumable checkpoint
 *       ({@link PpoCheckpoint}).</li>
 * </ol>
 *
 * <p>Output directory: the policy of the best held-out evaluation (or of the last iteration when there are no
 * held-out prompts) as a Hugging Face model with {@code tokenizer.json}, the final value model in {@code value/},
 * {@code metrics.csv}, {@code ppo.png}, {@code checkpoints/} and {@code manifest.json} (kind {@value #KIND}).
 */
public final class PpoTrainer {

    /** Manifest kind of a PPO run directory. */
    public static final String KIND = "ppo-model";

    /** Metric columns after {@link MetricsCsv#BASE_COLUMNS} (there: loss = policy loss, learning_rate and grad_norm
     * of the policy, tokens_per_s of the updates, step = iteration). */
    public static final List<String> EXTRA_COLUMNS = List.of("reward_raw", "reward_whitened", "helpfulness_score",
            "safety_score", "kl", "entropy", "clip_fraction", "approx_kl", "value_loss", "value_grad_norm",
            "response_length", "eos_fraction", "rollout_tokens_per_s", "held_out_reward", "first_ratio_deviation",
            "ptx_loss");

    private static final Logger LOG = LoggerFactory.getLogger(PpoTrainer.class);
    private static final int KEEP_CHECKPOINTS = 2;

    private PpoTrainer() {}

    /**
     * The pipeline entry point: opens the models, reads the prompts and trains.
     *
     * @param policyDir the policy to start from (RS or SFT model directory with {@code tokenizer.json}); also π0
     * @param helpfulnessRmDir the Helpfulness RM directory
     * @param safetyRmDir the Safety RM directory
     * @param promptsFile training prompts (JSON Lines {@code {"id", "messages", "is_safety", "category"}}); the
     *     held-out prompts are drawn from it
     * @param outDir run and output model directory
     * @param config PPO settings
     * @param resume continue from the newest checkpoint in {@code outDir/checkpoints} (a fresh start when there is
     *     none; a finished run only rewrites its outputs); false refuses a directory that holds checkpoints
     */
    public static PpoResult train(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir, Path promptsFile,
                                  Path outDir, PpoConfig config, boolean resume) throws IOException {
        return train(policyDir, helpfulnessRmDir, safetyRmDir, null, promptsFile, outDir, config, resume);
    }

    /**
     * As {@link #train(Path, Path, Path, Path, Path, PpoConfig, boolean)}, with the value model's starting weights
     * from {@code valueModelDir} (a directory with the scalar score head; null: the reward model
     * {@code config.valueInit()} names).
     */
    public static PpoResult train(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir, Path valueModelDir,
                                  Path promptsFile, Path outDir, PpoConfig config, boolean resume)
            throws IOException {
        return train(policyDir, helpfulnessRmDir, safetyRmDir, valueModelDir, promptsFile, null, outDir, config,
                resume);
    }

    /**
     * As above, with SFT demonstrations ({@code dialogs} format) for the PPO-ptx term ({@link PtxLoss}, weight
     * {@code config.ptxCoefficient()}), drawn from the share {@code config.ptxKeep()} the reward function ranks
     * highest; null or a coefficient of 0 trains without it.
     */
    public static PpoResult train(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir, Path valueModelDir,
                                  Path promptsFile, Path demonstrations, Path outDir, PpoConfig config,
                                  boolean resume) throws IOException {
        List<PromptRecord> prompts = JsonlReader.readAll(promptsFile, RecordKind.PROMPTS);
        List<Dialog> demos = demonstrations == null || config.ptxCoefficient() == 0 ? null
                : DemonstrationRanking.topShare(JsonlReader.readAll(demonstrations, RecordKind.DIALOGS),
                        demonstrations, helpfulnessRmDir, safetyRmDir, config.reward(), config.ptxKeep(), "ptx_keep");
        try (PpoModels models = PpoModels.open(policyDir, helpfulnessRmDir, safetyRmDir, valueModelDir,
                config.valueInit())) {
            List<Path> inputs = new ArrayList<>(List.of(weightsFile(policyDir), weightsFile(helpfulnessRmDir),
                    weightsFile(safetyRmDir), policyDir.resolve("tokenizer.json"), promptsFile));
            if (valueModelDir != null) {
                inputs.add(weightsFile(valueModelDir));
            }
            PtxDemonstrations ptx = null;
            if (demos != null) {
                inputs.add(demonstrations);
                try {
                    ptx = PtxDemonstrations.encode(demos, models.tokenizer(), models.policy().config().maxPositions());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(demonstrations + ": " + e.getMessage(), e);
                }
                LOG.info("ppo-ptx: {} demonstrations of {}, {} a step at γ = {}", ptx.size(), demonstrations,
                        config.ptxBatchSize(), config.ptxCoefficient());
            } else if (demonstrations == null && config.ptxCoefficient() > 0) {
                LOG.warn("ptx_coefficient is {} but no demonstrations were given: PPO without the ptx term",
                        config.ptxCoefficient());
            }
            return run(models, prompts, ptx, outDir, config, resume, inputs);
        }
    }

    /**
     * Trains the policy and value model of {@code models} (updated in place) on {@code prompts}.
     *
     * @param inputs files hashed into the manifests
     */
    public static PpoResult run(PpoModels models, List<PromptRecord> prompts, Path outDir, PpoConfig config,
                                boolean resume, List<Path> inputs) throws IOException {
        return run(models, prompts, null, outDir, config, resume, inputs);
    }

    /**
     * As above, with demonstrations for the PPO-ptx term (null: none).
     *
     * @param ptx SFT demonstrations replayed in each gradient step ({@link PtxLoss}), or null
     */
    public static PpoResult run(PpoModels models, List<PromptRecord> prompts, PtxDemonstrations ptx, Path outDir,
                                PpoConfig config, boolean resume, List<Path> inputs) throws IOException {
        Path checkpointsDir = outDir.resolve("checkpoints");
        if (!resume && PpoCheckpoint.latest(checkpointsDir).isPresent()) {
            throw new IllegalStateException(checkpointsDir + " already holds checkpoints; pass --resume to continue");
        }
        List<PromptRecord> shuffled = new ArrayList<>(prompts);
        Collections.shuffle(shuffled, new Random(config.seed()));
        if (shuffled.size() <= config.heldOutPrompts()) {
            throw new IllegalArgumentException(prompts.size() + " prompts leave none for training after "
                    + config.heldOutPrompts() + " held-out prompts");
        }
        List<PromptRecord> heldOut = shuffled.subList(0, config.heldOutPrompts());
        List<PromptRecord> train = shuffled.subList(config.heldOutPrompts(), shuffled.size());
        List<int[]> trainTokens = encode(models, train, config.maxNewTokens());
        List<int[]> heldOutTokens = encode(models, heldOut, config.maxNewTokens());

        Map<String, NDArray> policyParameters = trainable(models.policy());
        Map<String, NDArray> valueParameters = trainable(models.value());
        Map<String, Object> inputsHashes = new LinkedHashMap<>(Manifest.hashInputs(inputs));
        MetricsCsv csv = new MetricsCsv(outDir.resolve(MetricsCsv.FILE_NAME), EXTRA_COLUMNS);
        try (AdamW policyOptimizer = new AdamW(config.adamw(), models.manager());
             AdamW valueOptimizer = new AdamW(config.adamw(), models.manager())) {
            Whitening whitening = new Whitening(config.whitening());
            TrainingRandom random = new TrainingRandom(config.seed());
            PpoState state = new PpoState(0, random.state(), new double[0], Double.NaN, 0, 0, false, 0);
            var latest = resume ? PpoCheckpoint.latest(checkpointsDir) : java.util.Optional.<Path>empty();
            if (latest.isPresent()) {
                state = PpoCheckpoint.load(latest.get(), policyParameters, policyOptimizer, valueParameters,
                        valueOptimizer, models.manager());
                random = TrainingRandom.restore(state.randomState());
                whitening.restore(state.whiteningSeen());
                csv.loadUpTo(state.iteration());
                LOG.info("ppo: resuming from {} (iteration {})", latest.get(), state.iteration());
            }
            PpoUpdate.zero(gradients(policyParameters));
            PpoUpdate.zero(gradients(valueParameters));
            long started = System.nanoTime();
            double elapsedBefore = state.elapsedSeconds(); // wall time of the run before this process
            double rolloutTokens = 0;
            double rolloutSeconds = 0;
            double updateTokens = 0;
            double updateSeconds = 0;
            int iteration = state.iteration();
            boolean stopped = state.stoppedEarly();
            double best = state.bestHeldOutReward();
            int bestIteration = state.bestIteration();
            int sinceBest = state.evaluationsWithoutImprovement();
            if (iteration == 0 && !heldOut.isEmpty() && Double.isNaN(best)) {
                // The starting policy is a candidate too: if no iteration beats its held-out reward, PPO returns it.
                best = heldOutReward(models, heldOut, heldOutTokens, config);
                writeBestPolicy(models, outDir, 0);
                LOG.info("ppo: held-out reward of the starting policy {}", fmt(best));
            }
            while (iteration < config.iterations() && !stopped) {
                int[] indices = drawPrompts(train.size(), config.promptsPerIteration(), random);
                List<PromptRecord> batchPrompts = new ArrayList<>();
                List<int[]> batchTokens = new ArrayList<>();
                for (int i : indices) {
                    batchPrompts.add(train.get(i));
                    batchTokens.add(trainTokens.get(i));
                }
                Rollouts.Result rollout = Rollouts.collect(models, batchPrompts, indices, batchTokens, config,
                        whitening, random.nextLong());
                PpoUpdate.Stats update = PpoUpdate.run(models, rollout.experience(), config, policyParameters,
                        valueParameters, policyOptimizer, valueOptimizer, random, ptx);
                iteration++;
                Experience e = rollout.experience();
                rolloutTokens += e.responseTokenCount();
                rolloutSeconds += rollout.stats().generationSeconds();
                updateTokens += update.tokens();
                updateSeconds += update.seconds();

                double heldOutReward = Double.NaN;
                boolean last = iteration == config.iterations();
                if (!heldOut.isEmpty() && (iteration % config.evalEvery() == 0 || last)) {
                    heldOutReward = heldOutReward(models, heldOut, heldOutTokens, config);
                    if (Double.isNaN(best) || heldOutReward > best) {
                        best = heldOutReward;
                        bestIteration = iteration;
                        sinceBest = 0;
                        writeBestPolicy(models, outDir, iteration);
                    } else {
                        sinceBest++;
                        stopped = config.earlyStoppingPatience() > 0 && sinceBest >= config.earlyStoppingPatience();
                    }
                }
                double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                csv.add(iteration, update.policyLoss(), config.policyLearningRate(), update.policyGradNorm(),
                        update.tokens() / update.seconds(), elapsed,
                        mean(e.rawScores()), mean(e.whitenedScores()), mean(rollout.stats().helpfulnessScores()),
                        mean(rollout.stats().safetyScores()), mean(rollout.stats().sequenceKl()), update.entropy(),
                        update.clipFraction(), update.approxKl(), update.valueLoss(), update.valueGradNorm(),
                        (double) e.responseTokenCount() / e.size(), eosFraction(e),
                        e.responseTokenCount() / rollout.stats().generationSeconds(), heldOutReward,
                        update.firstRatioMaxDeviation(), update.ptxLoss());
                csv.flush();
                PpoCurves.write(outDir.resolve(MetricsCsv.FILE_NAME), outDir.resolve(PpoCurves.FILE_NAME));
                LOG.info("ppo iteration {}/{}: reward {} (whitened {}), KL {}, entropy {}, clip {}, approx-KL {}, "
                                + "value loss {}, length {}, held-out {}, {} rollout tok/s, {} update tok/s",
                        iteration, config.iterations(), fmt(mean(e.rawScores())), fmt(mean(e.whitenedScores())),
                        fmt(mean(rollout.stats().sequenceKl())), fmt(update.entropy()), fmt(update.clipFraction()),
                        fmt(update.approxKl()), fmt(update.valueLoss()),
                        fmt((double) e.responseTokenCount() / e.size()), fmt(heldOutReward),
                        fmt(e.responseTokenCount() / rollout.stats().generationSeconds()),
                        fmt(update.tokens() / update.seconds()));
                state = new PpoState(iteration, random.state(), whitening.seen(), best, bestIteration, sinceBest,
                        stopped, elapsed);
                if (iteration % config.saveEvery() == 0 || last || stopped) {
                    PpoCheckpoint.save(checkpointsDir, state, policyParameters, policyOptimizer, valueParameters,
                            valueOptimizer, manifest("training-checkpoint", config, inputsHashes,
                                    Map.of("iteration", iteration)), KEEP_CHECKPOINTS);
                }
                if (stopped) {
                    LOG.info("ppo: early stop after iteration {} ({} evaluations without a better held-out reward "
                            + "than {} at iteration {})", iteration, sinceBest, fmt(best), bestIteration);
                }
            }
            double elapsed = state.elapsedSeconds();
            return finish(models, outDir, config, inputsHashes, state, rolloutTokens / rolloutSeconds,
                    updateTokens / updateSeconds, elapsed);
        }
    }

    private static PpoResult finish(PpoModels models, Path outDir, PpoConfig config, Map<String, Object> inputs,
                                    PpoState state, double rolloutTps, double updateTps, double elapsed)
            throws IOException {
        Path best = bestPolicyDir(outDir, state.bestIteration());
        int chosen = state.iteration();
        if (Files.isDirectory(best)) {
            chosen = state.bestIteration();
            HfCheckpoint.read(best).write(outDir);
        } else {
            models.policy().save(outDir);
        }
        Path tokenizer = models.tokenizer().file();
        AtomicFile.write(outDir.resolve("tokenizer.json"), out -> Files.copy(tokenizer, out));
        Path valueDir = outDir.resolve("value");
        models.value().save(valueDir);
        AtomicFile.write(valueDir.resolve("tokenizer.json"), out -> Files.copy(tokenizer, out));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("iterations", state.iteration());
        metrics.put("chosen_iteration", chosen);
        metrics.put("best_held_out_reward", state.bestHeldOutReward());
        metrics.put("stopped_early", state.stoppedEarly());
        metrics.put("rollout_tokens_per_second", rolloutTps);
        metrics.put("update_tokens_per_second", updateTps);
        metrics.put("wall_seconds", elapsed);
        manifest(KIND, config, inputs, metrics).writeTo(outDir);
        LOG.info("ppo: policy of iteration {} written to {} (held-out reward {})", chosen, outDir,
                fmt(state.bestHeldOutReward()));
        return new PpoResult(outDir, state.iteration(), chosen, state.bestHeldOutReward(), state.stoppedEarly(),
                rolloutTps, updateTps, elapsed);
    }

    /** Mean gated reward (raw) of greedy answers to the held-out prompts, the early-stopping signal. */
    static double heldOutReward(PpoModels models, List<PromptRecord> prompts, List<int[]> tokens, PpoConfig config) {
        SamplingConfig greedy = SamplingConfig.greedy(config.maxNewTokens()).withEos(models.tokenizer().eosId(), true);
        KvCacheGenerator generator = new KvCacheGenerator(models.policy());
        List<int[]> responses = new ArrayList<>();
        for (int from = 0; from < tokens.size(); from += config.rolloutBatchSize()) {
            for (Completion c : generator.generate(tokens.subList(from, Math.min(tokens.size(),
                    from + config.rolloutBatchSize())), greedy, 0L)) {
                responses.add(c.tokens());
            }
        }
        RewardModels rms = models.rewardModels();
        return mean(rms.rewardsOfTokens(prompts, tokens, responses, config.reward()));
    }

    /** The policy with its tokenizer, a model directory the judge and later stages can open. */
    private static void writeBestPolicy(PpoModels models, Path outDir, int iteration) throws IOException {
        Path target = bestPolicyDir(outDir, iteration);
        Path tmp = outDir.resolve(".best-policy.tmp-" + System.nanoTime());
        models.policy().save(tmp);
        Files.copy(models.tokenizer().file(), tmp.resolve("tokenizer.json"));
        if (Files.exists(target)) {
            FileTrees.delete(target); // a resumed run replaying the iteration
        }
        AtomicFile.moveDirectory(tmp, target);
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("best-policy-iteration-")
                    && !p.equals(target)).toList()) {
                FileTrees.delete(p);
            }
        }
    }

    private static Path bestPolicyDir(Path outDir, int iteration) {
        return outDir.resolve(String.format("best-policy-iteration-%08d", iteration));
    }

    /** Chat-format ids of each prompt; an error names the prompt that cannot be encoded or does not fit. */
    private static List<int[]> encode(PpoModels models, List<PromptRecord> prompts, int maxNewTokens) {
        ChatFormat format = new ChatFormat(models.tokenizer());
        int context = models.policy().config().maxPositions();
        List<int[]> out = new ArrayList<>(prompts.size());
        for (PromptRecord p : prompts) {
            int[] ids;
            try {
                ids = format.encodePrompt(p.messages()).ids();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt '" + p.id() + "': " + e.getMessage(), e);
            }
            if (ids.length + maxNewTokens > context) {
                throw new IllegalArgumentException("prompt '" + p.id() + "' has " + ids.length + " tokens; with "
                        + maxNewTokens + " new tokens it exceeds the context length " + context);
            }
            out.add(ids);
        }
        return out;
    }

    /**
     * {@code k} prompt indices: a fresh random permutation of the training prompts, cycled (with a new permutation)
     * when {@code k} exceeds their number.
     */
    static int[] drawPrompts(int available, int k, TrainingRandom random) {
        int[] out = new int[k];
        int[] perm = PpoUpdate.permutation(available, random);
        for (int i = 0, j = 0; i < k; i++, j++) {
            if (j == available) {
                perm = PpoUpdate.permutation(available, random);
                j = 0;
            }
            out[i] = perm[j];
        }
        return out;
    }

    private static Map<String, NDArray> trainable(LlamaModel model) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            NDArray array = e.getValue().getArray();
            if (!array.hasGradient()) {
                array.setRequiresGradient(true);
            }
            out.put(e.getKey(), array);
        }
        return out;
    }

    private static List<NDArray> gradients(Map<String, NDArray> parameters) {
        return parameters.values().stream().map(NDArray::getGradient).toList();
    }

    private static Manifest manifest(String kind, PpoConfig config, Map<String, Object> inputs,
                                     Map<String, Object> metrics) {
        Map<String, String> hashes = new LinkedHashMap<>();
        inputs.forEach((k, v) -> hashes.put(k, v.toString()));
        return new Manifest(kind, 1, "ppo", Map.of("ppo", config), hashes, null, RunVersions.all(),
                Engine.getInstance().defaultDevice().toString(), config.seed(), metrics);
    }

    private static Path weightsFile(Path modelDir) {
        Path single = modelDir.resolve(HfCheckpoint.SINGLE_FILE);
        return Files.isRegularFile(single) ? single : modelDir.resolve(HfCheckpoint.INDEX_FILE);
    }

    private static double eosFraction(Experience e) {
        int n = 0;
        for (boolean b : e.endedWithEos()) {
            n += b ? 1 : 0;
        }
        return (double) n / e.size();
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }

}
