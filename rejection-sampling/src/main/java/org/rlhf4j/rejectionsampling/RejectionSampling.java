package org.rlhf4j.rejectionsampling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.packing.LossOn;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.rlhf4j.rewardmodel.DemonstrationRanking;
import org.rlhf4j.rewardmodel.RewardModels;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rejection-sampling iteration (Llama 2 §3.2.3, METHOD.md §5), as three steps that meet through files:
 * <ol>
 *   <li>{@link #sample}: re-tune the temperature on a validation subset ({@link TemperatureSweep}), then K samples
 *       per prompt at that temperature, scored by the reward models, in shards ({@link ShardedSampling}) merged
 *       into {@value #POOL};</li>
 *   <li>{@link #select}: the best answer per prompt among this pool and the pools of earlier iterations
 *       ({@link Selection}) → {@value #SELECTIONS} (SFT dialogs);</li>
 *   <li>{@link #fineTune}: the SFT trainer on the selections — with SFT demonstrations replayed beside them when
 *       the config's {@code sft_replay} is above 0 and the demonstrations are given ({@link SftReplay}) →
 *       {@value #FINE_TUNE_DATA} — starting from the SFT model (not from the previous iteration), for a constant
 *       number of steps → {@value #MODEL}/.</li>
 * </ol>
 * {@link #run} does all three and writes the iteration's {@code manifest.json}. Output directory: {@code sweep/}
 * (temperature curves and samples), {@code shards/}, {@value #POOL}, {@value #SELECTIONS}, {@value #FINE_TUNE_DATA},
 * {@value #MODEL}/.
 */
public final class RejectionSampling {

    /** Manifest kind of an iteration's directory. */
    public static final String KIND = "rejection-sampling";
    /** The merged pool of this iteration's samples. */
    public static final String POOL = "pool.jsonl";
    /** The selected answers as SFT dialogs. */
    public static final String SELECTIONS = "selections.jsonl";
    /** What the model is fine-tuned on: the selections, then any replayed SFT demonstrations ({@link SftReplay}). */
    public static final String FINE_TUNE_DATA = "fine-tune.jsonl";
    /** The fine-tuned model's directory. */
    public static final String MODEL = "model";

    private static final Logger LOG = LoggerFactory.getLogger(RejectionSampling.class);

    private RejectionSampling() {}

    /**
     * Everything an iteration needs.
     *
     * @param policyDir the model that samples (Hugging Face directory with {@code tokenizer.json})
     * @param sftDir the model fine-tuned on the selections (the SFT model; for distillation a smaller one)
     * @param helpfulnessRmDir the helpfulness reward model
     * @param safetyRmDir the safety reward model
     * @param promptsFile prompts ({@code prompts} format)
     * @param earlierPools pool files of earlier iterations (may be empty)
     * @param config the iteration's settings
     * @param outDir the iteration's directory
     * @param seed the sampling seed (also draws the replayed demonstrations)
     * @param resume reuse finished steps and continue a stopped fine-tuning run
     * @param demonstrations the SFT demonstrations ({@code dialogs} format) replayed in the fine-tuning when
     *     {@code config.sftReplay()} is above 0, or null for the selections alone
     */
    public record Inputs(Path policyDir, Path sftDir, Path helpfulnessRmDir, Path safetyRmDir, Path promptsFile,
                         List<Path> earlierPools, RejectionSamplingConfig config, Path outDir, long seed,
                         boolean resume, Path demonstrations) {

        public Inputs {
            earlierPools = earlierPools == null ? List.of() : List.copyOf(earlierPools);
        }

        /** Inputs without demonstrations to replay: the fine-tuning sees the selections alone. */
        public Inputs(Path policyDir, Path sftDir, Path helpfulnessRmDir, Path safetyRmDir, Path promptsFile,
                      List<Path> earlierPools, RejectionSamplingConfig config, Path outDir, long seed,
                      boolean resume) {
            this(policyDir, sftDir, helpfulnessRmDir, safetyRmDir, promptsFile, earlierPools, config, outDir, seed,
                    resume, null);
        }
    }

    /**
     * What sampling measured.
     *
     * @param temperature the temperature chosen by the sweep (or the only one given)
     * @param sweep the sweep's curves (empty when only one temperature was given)
     * @param prompts prompts sampled
     * @param samples answers sampled and scored (sweep excluded)
     * @param tokens tokens sampled (sweep excluded)
     * @param wallSeconds wall time of best-of-K over the prompts (sweep excluded; reused shards count 0)
     * @param tokensPerSecond sampled tokens per second of generator time
     * @param responsesPerSecond scored responses per second of reward-model time
     */
    public record SampleResult(double temperature, List<TemperatureSweep.Curve> sweep, int prompts, long samples,
                               long tokens, double wallSeconds, double tokensPerSecond, double responsesPerSecond) {}

    /**
     * What an iteration measured.
     *
     * @param sampling the sampling step
     * @param selection the selection step
     * @param replayed SFT demonstrations replayed beside the selections in the fine-tuning
     * @param fineTune the fine-tuning run, or null when a finished one was reused
     * @param wallSeconds wall time of the whole iteration in this process
     */
    public record Result(SampleResult sampling, Selection.Result selection, int replayed, SftResult fineTune,
                         double wallSeconds) {

        /** The iteration's metrics as written into its manifest. */
        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("temperature", sampling.temperature());
            m.put("prompts", sampling.prompts());
            m.put("samples", sampling.samples());
            m.put("sampled_tokens", sampling.tokens());
            m.put("best_of_k_wall_seconds", sampling.wallSeconds());
            m.put("sampling_tokens_per_second", sampling.tokensPerSecond());
            m.put("scoring_responses_per_second", sampling.responsesPerSecond());
            m.put("mean_best_reward", selection.meanBestReward());
            m.put("mean_sample_reward", selection.meanCurrentReward());
            m.put("selections", selection.dialogs().size());
            m.put("selections_from_earlier_pools", selection.fromEarlierPools());
            m.put("prompts_without_usable_answer", selection.skipped());
            m.put("replayed_demonstrations", replayed);
            if (fineTune != null) {
                m.put("fine_tune_steps", fineTune.training().steps());
                m.put("fine_tune_final_loss", fineTune.training().finalLoss());
                m.put("fine_tune_tokens_per_second", fineTune.tokensPerSecond());
            }
            m.put("wall_seconds", wallSeconds);
            return m;
        }
    }

    /** Sample → select → fine-tune; returns the iteration's metrics (also in {@code outDir/manifest.json}). */
    public static Result run(Inputs in) throws IOException {
        long start = System.nanoTime();
        SampleResult sampling = sample(in.policyDir(), in.helpfulnessRmDir(), in.safetyRmDir(), in.promptsFile(),
                in.config(), in.outDir(), in.seed());
        Selection.Result selection = select(in.outDir().resolve(POOL), in.earlierPools(), in.helpfulnessRmDir(),
                in.safetyRmDir(), in.config(), in.outDir().resolve(SELECTIONS));
        Path data = in.outDir().resolve(FINE_TUNE_DATA);
        int replayed = fineTuneData(in.outDir().resolve(SELECTIONS), in.demonstrations(), in.helpfulnessRmDir(),
                in.safetyRmDir(), in.config(), in.seed(), data);
        SftResult fineTune = fineTune(in.sftDir(), data, in.config(), in.outDir().resolve(MODEL), in.resume());
        Result result = new Result(sampling, selection, replayed, fineTune, (System.nanoTime() - start) / 1e9);
        List<Path> inputs = new ArrayList<>(List.of(weightsFile(in.policyDir()), weightsFile(in.sftDir()),
                weightsFile(in.helpfulnessRmDir()), weightsFile(in.safetyRmDir()), in.promptsFile()));
        inputs.addAll(in.earlierPools());
        if (replayed > 0) {
            inputs.add(in.demonstrations());
        }
        new Manifest(KIND, 1, "rejection-sampling", in.config(), Manifest.hashInputs(inputs), null,
                Manifest.baseVersions(), Engine.getInstance().defaultDevice().toString(), in.seed(),
                result.metrics()).withFilesOf(in.outDir()).writeTo(in.outDir());
        return result;
    }

    /**
     * Step 1: temperature sweep and best-of-K over every prompt, written to {@code outDir} ({@value #POOL},
     * {@code shards/}, {@code sweep/}). Finished shards and sweep points are reused.
     *
     * @throws IllegalArgumentException for a reward model whose tokenizer differs from the policy's, a prompts
     *     file with bad lines ({@code file:line: field: problem}) or duplicate prompt ids
     */
    public static SampleResult sample(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir, Path promptsFile,
                                      RejectionSamplingConfig config, Path outDir, long seed) throws IOException {
        List<PromptRecord> prompts = readPrompts(promptsFile);
        Path tokenizerFile = policyDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException(policyDir + ": no tokenizer.json next to the policy's weights");
        }
        Files.createDirectories(outDir);
        try (RewardModels rms = RewardModels.open(helpfulnessRmDir, safetyRmDir);
             LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager();
             LlamaModel policy = LlamaModel.load(manager, policyDir)) {
            rms.requireTokenizer(tokenizerFile);
            SampleProvenance provenance = provenance(policyDir, helpfulnessRmDir, safetyRmDir, config, seed);
            BestOfK bestOfK = new BestOfK(policy, tokenizer, rms, config, provenance);
            List<TemperatureSweep.Curve> curves = List.of();
            double temperature = config.temperatures().get(0);
            if (config.temperatures().size() > 1) {
                List<PromptRecord> validation = prompts.subList(0, Math.min(prompts.size(),
                        config.validationPrompts()));
                LOG.info("temperature sweep over {} on {} validation prompts, K = {}", config.temperatures(),
                        validation.size(), config.k());
                TemperatureSweep.Result sweep = TemperatureSweep.run(bestOfK, validation, config.temperatures(), seed,
                        outDir.resolve("sweep"));
                temperature = sweep.chosenTemperature();
                curves = sweep.curves();
            }
            BestOfK.Throughput before = bestOfK.throughput();
            long start = System.nanoTime();
            LOG.info("best-of-{} over {} prompts at temperature {}", config.k(), prompts.size(), temperature);
            List<PoolRecord> pool = ShardedSampling.run(bestOfK, prompts, temperature, seed, config.shardSize(),
                    outDir.resolve("shards"));
            ShardedSampling.merge(pool, outDir.resolve(POOL));
            double wall = (System.nanoTime() - start) / 1e9;
            BestOfK.Throughput after = bestOfK.throughput();
            long samples = after.samples() - before.samples();
            long tokens = after.tokens() - before.tokens();
            double samplingSeconds = after.samplingSeconds() - before.samplingSeconds();
            double scoringSeconds = after.scoringSeconds() - before.scoringSeconds();
            SampleResult result = new SampleResult(temperature, curves, prompts.size(), samples, tokens, wall,
                    samplingSeconds > 0 ? tokens / samplingSeconds : 0,
                    scoringSeconds > 0 ? samples / scoringSeconds : 0);
            LOG.info("best-of-{}: {} prompts, {} samples, {} tokens in {} s ({} tokens/s sampling, {} responses/s"
                            + " scoring)", config.k(), prompts.size(), samples, tokens, String.format("%.1f", wall),
                    String.format("%.0f", result.tokensPerSecond()),
                    String.format("%.0f", result.responsesPerSecond()));
            return result;
        }
    }

    /**
     * The provenance written with every sample of an iteration (temperature 0 until {@link SampleProvenance#at}):
     * the model directories as given, the SHA-256 of their weights, the seed, the token limit and the reward
     * function. Engines that sample elsewhere (another process, a cluster) write the same.
     */
    public static SampleProvenance provenance(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir,
                                              RejectionSamplingConfig config, long seed) throws IOException {
        return new SampleProvenance(policyDir.toString(), Sha256.of(weightsFile(policyDir)), 0, seed,
                config.maxNewTokens(), helpfulnessRmDir.toString(), safetyRmDir.toString(),
                Sha256.of(weightsFile(helpfulnessRmDir)) + "," + Sha256.of(weightsFile(safetyRmDir)),
                config.rewardFunction().name());
    }

    /**
     * Step 2: the best answer per prompt of {@code poolFile} among its samples and the earlier pools' →
     * {@code selectionsFile} (SFT dialogs). The reward models are opened only when earlier pools are rescored.
     */
    public static Selection.Result select(Path poolFile, List<Path> earlierPools, Path helpfulnessRmDir,
                                          Path safetyRmDir, RejectionSamplingConfig config, Path selectionsFile)
            throws IOException {
        List<PoolRecord> current = PoolFile.read(poolFile);
        Map<String, List<PoolRecord>> earlier = new LinkedHashMap<>();
        for (Path p : earlierPools) {
            earlier.put(p.toString(), PoolFile.read(p));
        }
        Selection.Result result;
        if (!earlier.isEmpty() && config.poolPolicy() == PoolPolicy.RESCORE) {
            if (helpfulnessRmDir == null || safetyRmDir == null) {
                throw new IllegalArgumentException("rescoring the earlier pools (pool_policy RESCORE) needs the"
                        + " helpfulness and safety reward models; pass them or set pool_policy: STORED");
            }
            try (RewardModels rms = RewardModels.open(helpfulnessRmDir, safetyRmDir)) {
                result = Selection.select(current, earlier, config.poolPolicy(), rms, config.rewardFunction());
            }
        } else {
            result = Selection.select(current, earlier, config.poolPolicy(), null, config.rewardFunction());
        }
        if (result.dialogs().isEmpty()) {
            throw new IllegalStateException(poolFile + ": no prompt has a usable answer (all blank)");
        }
        Selection.write(selectionsFile, result.dialogs());
        LOG.info("selected {} answers (mean reward {} against {} for a random sample; {} from earlier pools, {}"
                        + " prompts without a usable answer) → {}", result.dialogs().size(),
                String.format("%.4f", result.meanBestReward()), String.format("%.4f", result.meanCurrentReward()),
                result.fromEarlierPools(), result.skipped(), selectionsFile);
        return result;
    }

    /**
     * The fine-tuning data: the selections, then {@code config.sftReplay()} SFT demonstrations per selection drawn
     * with {@code seed} from those the reward models keep eligible ({@link #fineTuneDialogs}) → {@code out}.
     *
     * @return the number of demonstrations replayed
     */
    public static int fineTuneData(Path selectionsFile, Path demonstrations, Path helpfulnessRmDir, Path safetyRmDir,
                                   RejectionSamplingConfig config, long seed, Path out) throws IOException {
        List<Dialog> selections = JsonlReader.readAll(selectionsFile, RecordKind.DIALOGS);
        List<Dialog> dialogs = fineTuneDialogs(selections, demonstrations, helpfulnessRmDir, safetyRmDir, config,
                seed);
        JsonlWriter.write(out, RecordKind.DIALOGS, dialogs);
        int replayed = dialogs.size() - selections.size();
        LOG.info("fine-tuning data {}: the selections and {} replayed SFT demonstrations", out, replayed);
        return replayed;
    }

    /**
     * The selections, then {@code config.sftReplay()} demonstrations per selection ({@link SftReplay#mix}) drawn
     * with {@code seed} from the eligible ones: all of them at {@code sft_replay_keep} 1, otherwise those the reward
     * function ranks highest in each of its branches ({@link DemonstrationRanking#topShare}). Without demonstrations
     * (or at {@code sft_replay} 0): the selections alone.
     *
     * @throws IllegalArgumentException when demonstrations are to be ranked but a reward model is missing
     */
    public static List<Dialog> fineTuneDialogs(List<Dialog> selections, Path demonstrations, Path helpfulnessRmDir,
                                               Path safetyRmDir, RejectionSamplingConfig config, long seed)
            throws IOException {
        if (demonstrations == null || config.sftReplay() == 0) {
            if (demonstrations == null && config.sftReplay() > 0) {
                LOG.warn("sft_replay is {} but no demonstrations were given: fine-tuning on the selections alone",
                        config.sftReplay());
            }
            return List.copyOf(selections);
        }
        List<Dialog> demos = JsonlReader.readAll(demonstrations, RecordKind.DIALOGS);
        if (config.sftReplayKeep() < 1) {
            demos = DemonstrationRanking.topShare(demos, demonstrations, helpfulnessRmDir, safetyRmDir,
                    config.rewardFunction(), config.sftReplayKeep(), "sft_replay_keep");
        }
        return SftReplay.mix(selections, demos, config.sftReplay(), seed);
    }

    /**
     * Step 3: fine-tunes the model in {@code sftDir} on the selections for {@code config.fineTune().maxSteps()}
     * updates → {@code modelDir}. With {@code resume}, a finished model is reused (returns null) and a stopped
     * run continues from its last checkpoint.
     */
    public static SftResult fineTune(Path sftDir, Path selectionsFile, RejectionSamplingConfig config, Path modelDir,
                                     boolean resume) throws IOException {
        if (resume && finished(modelDir)) {
            return null;
        }
        return SftTrainer.train(sftDir, sftDir.resolve("tokenizer.json"), selectionsFile, modelDir,
                config.fineTune(), resume);
    }

    /** Whether {@code modelDir} holds a finished fine-tuned model (manifest and weights); logs the reuse. */
    private static boolean finished(Path modelDir) {
        if (Files.isRegularFile(modelDir.resolve(Manifest.FILE_NAME))
                && Files.isRegularFile(modelDir.resolve(HfCheckpoint.SINGLE_FILE))) {
            LOG.info("{} holds a finished model; reused", modelDir);
            return true;
        }
        return false;
    }

    /**
     * Step 3 with SFT replay ({@link SftReplay}): fine-tunes the model in {@code sftDir} on the selections and the
     * replayed demonstrations of {@link #fineTuneDialogs}; without {@code demonstrations} (or at {@code sft_replay}
     * 0) the same as {@link #fineTune(Path, Path, RejectionSamplingConfig, Path, boolean)}. The manifest hashes both
     * files.
     *
     * @param helpfulnessRmDir the helpfulness reward model (ranks the demonstrations when {@code sft_replay_keep}
     *     is below 1; may be null otherwise)
     * @param safetyRmDir the safety reward model (likewise)
     */
    public static SftResult fineTune(Path sftDir, Path selectionsFile, Path demonstrations, Path helpfulnessRmDir,
                                     Path safetyRmDir, RejectionSamplingConfig config, long seed, Path modelDir,
                                     boolean resume) throws IOException {
        if (demonstrations == null || config.sftReplay() == 0) {
            return fineTune(sftDir, selectionsFile, config, modelDir, resume);
        }
        if (resume && finished(modelDir)) {
            return null;
        }
        List<Dialog> selections = JsonlReader.readAll(selectionsFile, RecordKind.DIALOGS);
        List<Dialog> dialogs = fineTuneDialogs(selections, demonstrations, helpfulnessRmDir, safetyRmDir, config,
                seed);
        LOG.info("fine-tuning on {} selections and {} SFT demonstrations of {} replayed", selections.size(),
                dialogs.size() - selections.size(), demonstrations);
        return SftTrainer.train(sftDir, sftDir.resolve("tokenizer.json"), dialogs, selectionsFile,
                List.of(selectionsFile, demonstrations), modelDir, config.fineTune(), LossOn.ALL_ASSISTANT_TURNS,
                SftTrainer.KIND, "sft", resume);
    }

    /**
     * Reads a prompts file strictly.
     *
     * @throws org.rlhf4j.data.io.DataFormatException at the first bad line ({@code file:line: field: problem})
     * @throws IllegalArgumentException for an empty file or a duplicate id (sample seeds derive from the id)
     */
    public static List<PromptRecord> readPrompts(Path promptsFile) throws IOException {
        List<PromptRecord> prompts = JsonlReader.readAll(promptsFile, RecordKind.PROMPTS);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(promptsFile + ": no prompts");
        }
        Set<String> ids = new HashSet<>();
        for (PromptRecord p : prompts) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException(promptsFile + ": prompt id '" + p.id() + "' appears twice;"
                        + " sample seeds derive from the id, so ids must be unique");
            }
        }
        return prompts;
    }

    /** The weights file of a model directory: {@code model.safetensors} or the sharded index. */
    public static Path weightsFile(Path modelDir) {
        Path single = modelDir.resolve(HfCheckpoint.SINGLE_FILE);
        return Files.isRegularFile(single) ? single : modelDir.resolve(HfCheckpoint.INDEX_FILE);
    }
}
