package org.rlhf4j.rewardmodel;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.rlhf4j.model.hf.HfConfigJson;
import org.rlhf4j.training.TrainingLoop;
import org.rlhf4j.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a helpfulness or safety reward model (Llama 2 §3.2.2, METHOD.md §4): chat (SFT) model → RM init (trunk
 * copied, new score head: {@link RewardModelInit}) → each pairs file split into training and held-out test parts
 * ({@link HeldOutSplit}) → the RM's mixture of the training parts ({@link PreferenceMixture}) → micro-batches of P
 * pairs, 2P rows through one forward ({@link PairBatches}, {@link RewardModelStep}) → ranking loss with margin on the
 * shared {@link TrainingLoop} (schedule, accumulation to {@code pairs per update}, clipping, AdamW, checkpoints,
 * exact resume) → the RM in the Hugging Face {@code LlamaForSequenceClassification} layout, evaluated on the test
 * parts (Table 8).
 *
 * <p>The output directory holds {@code config.json} + {@code model.safetensors}, {@code tokenizer.json} (the chat
 * model's), {@code test-helpfulness.jsonl} / {@code test-safety.jsonl} (the merged held-out pairs),
 * {@code table8.csv} / {@code table8.json}, {@code metrics.csv}, {@code loss.png}, {@code checkpoints/} and
 * {@code manifest.json} (kind {@value #KIND}; the resolved config and RM kind, SHA-256 of the chat model's weights and
 * tokenizer and of every pairs file, final metrics incl. accuracy and pairs/s). Every input is read and checked
 * before anything is written.
 */
public final class RewardModelTrainer {

    /** Manifest kind of a trained reward-model directory. */
    public static final String KIND = "reward-model";
    /** File name of the merged held-out helpfulness pairs. */
    public static final String TEST_HELPFULNESS = "test-helpfulness.jsonl";
    /** File name of the merged held-out safety pairs. */
    public static final String TEST_SAFETY = "test-safety.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(RewardModelTrainer.class);

    private RewardModelTrainer() {}

    /** The training and held-out test pairs of a list of batches (pairs files). */
    public record Data(List<PreferencePair> train, List<PreferencePair> testHelpfulness,
                       List<PreferencePair> testSafety) {}

    /**
     * Reads every pairs file (errors name file:line: field) and splits each into its training and test parts.
     */
    public static Data readBatches(List<Path> pairsFiles, HeldOutSplit split, long seed) throws IOException {
        if (pairsFiles.isEmpty()) {
            throw new IllegalArgumentException("no pairs files given");
        }
        List<PreferencePair> train = new ArrayList<>();
        List<PreferencePair> test = new ArrayList<>();
        for (Path file : pairsFiles) {
            List<PreferencePair> batch = JsonlReader.readAll(file, RecordKind.PREFERENCES);
            if (batch.isEmpty()) {
                throw new IllegalArgumentException(file + ": no preference pairs");
            }
            HeldOutSplit.Parts parts = split.split(batch, seed);
            train.addAll(parts.train());
            test.addAll(parts.test());
        }
        return new Data(train, RewardModelEvaluation.onAxis(test, Axis.HELPFULNESS),
                RewardModelEvaluation.onAxis(test, Axis.SAFETY));
    }

    /**
     * Trains a reward model.
     *
     * @param sftDir the chat model to initialise from (Hugging Face {@code LlamaForCausalLM} with
     *     {@code tokenizer.json})
     * @param pairsFiles preference batches (JSON Lines, {@code preferences} format), each with its own test part
     * @param kind helpfulness or safety (decides the mixture and the safety-label anchor)
     * @param outDir run and model directory
     * @param config the RM settings
     * @param resume continue from the newest checkpoint in {@code outDir/checkpoints}
     */
    public static RewardModelResult train(Path sftDir, List<Path> pairsFiles, RewardModelKind kind, Path outDir,
                                          RewardModelConfig config, boolean resume) throws IOException {
        return train(sftDir, null, pairsFiles, kind, outDir, config, resume);
    }

    /**
     * Trains a reward model, optionally warm-started: from {@code warmStartDir} (the previous iteration's RM of the
     * same kind, made from the same chat model) for {@code warm_start_epochs} instead of from the chat model for
     * {@code epochs}. The chat model still supplies the tokenizer and is checked against the warm start's shapes.
     *
     * @param warmStartDir a reward-model directory to continue from, or null to start from {@code sftDir}
     * @throws IllegalArgumentException when {@code warmStartDir} is set but {@code warm_start_epochs} is not, or the
     *     warm start is not a reward model of the chat model's shape
     */
    public static RewardModelResult train(Path sftDir, Path warmStartDir, List<Path> pairsFiles, RewardModelKind kind,
                                          Path outDir, RewardModelConfig config, boolean resume) throws IOException {
        HfCheckpoint chat = RewardModelInit.readChatModel(sftDir);
        HfCheckpoint init = RewardModelInit.fromChatModel(chat, config.training().seed());
        if (warmStartDir != null) {
            if (config.warmStartEpochs() == null) {
                throw new IllegalArgumentException("a warm start (" + warmStartDir + ") needs warm_start_epochs in the"
                        + " reward-model config");
            }
            if (HfConfigJson.readHeadKind(warmStartDir) != HeadKind.SEQUENCE_CLASSIFICATION) {
                throw new IllegalArgumentException(warmStartDir + ": a warm start must be a reward model"
                        + " (LlamaForSequenceClassification)");
            }
            HfCheckpoint previous = HfCheckpoint.read(warmStartDir, HeadKind.SEQUENCE_CLASSIFICATION);
            if (!previous.config().equals(init.config())) {
                throw new IllegalArgumentException(warmStartDir + ": the warm start's config " + previous.config()
                        + " differs from the reward model made from " + sftDir + ": " + init.config());
            }
            init = previous;
            config = config.forWarmStart();
        }
        Path tokenizerFile = sftDir.resolve("tokenizer.json");
        long seed = config.training().seed();
        Data data = readBatches(pairsFiles, config.heldOut(), seed);
        List<PreferencePair> mixture = config.mixture().select(kind, data.train(), seed);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager()) {
            if (tokenizer.vocabSize() > chat.config().vocabSize()) {
                throw new IllegalArgumentException(tokenizerFile + " has " + tokenizer.vocabSize()
                        + " pieces but the chat model only " + chat.config().vocabSize());
            }
            int maxTokens = Math.min(config.maxTokens(), chat.config().maxPositions());
            ChatFormat format = new ChatFormat(tokenizer);
            List<TokenizedPair> pairs = new ArrayList<>(mixture.size());
            int dropped = 0;
            for (PreferencePair p : mixture) {
                TokenizedPair t;
                try {
                    t = TokenizedPair.of(p, format, tokenizer);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("pair " + p.id() + ": " + e.getMessage(), e);
                }
                if (t.maxLength() > maxTokens) {
                    dropped++;
                } else {
                    pairs.add(t);
                }
            }
            if (pairs.isEmpty()) {
                throw new IllegalArgumentException("the " + kind.json() + " RM's mixture is empty ("
                        + data.train().size() + " training pairs, " + dropped + " longer than " + maxTokens
                        + " tokens)");
            }
            RewardModelConfig resolved = config.resolved(pairs.size());
            LOG.info("{} RM: {} training pairs ({} dropped as longer than {} tokens) of {} after the held-out split;"
                            + " test {} helpfulness + {} safety pairs; {} updates of {} pairs", kind.json(),
                    pairs.size(), dropped, maxTokens, data.train().size(), data.testHelpfulness().size(),
                    data.testSafety().size(), resolved.training().maxSteps(), resolved.pairsPerUpdate());

            LlamaModel model = LlamaModel.fromCheckpoint(manager, init);
            PairBatches batches = new PairBatches(pairs, resolved.training().microBatchSize(), config.margin(),
                    config.shuffle(), seed, config.lengthGroup());
            double anchor = kind == RewardModelKind.SAFETY ? config.safetyLabelLossWeight() : 0;
            double[] classWeights = config.safetyLabelClassBalance() ? SafetyLabelLoss.balancedClassWeights(pairs)
                    : new double[] {1, 1};
            if (anchor > 0) {
                LOG.info("safety-label anchor: weight {}, class weights safe {} / unsafe {}, unsafe offset {}", anchor,
                        String.format("%.4f", classWeights[0]), String.format("%.4f", classWeights[1]),
                        config.safetyLabelUnsafeOffset());
            }
            RewardModelStep step = new RewardModelStep(model, anchor, classWeights[0], classWeights[1],
                    config.safetyLabelUnsafeOffset());
            List<Path> inputs = new ArrayList<>();
            inputs.add(RewardModelInit.weightsFile(sftDir));
            if (warmStartDir != null) {
                inputs.add(RewardModelInit.weightsFile(warmStartDir));
            }
            inputs.add(tokenizerFile);
            inputs.addAll(pairsFiles);
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("kind", kind.json());
            described.put("init_model", sftDir.toString());
            if (warmStartDir != null) {
                described.put("warm_start", warmStartDir.toString());
            }
            described.put("reward_model", resolved);
            TrainingLoop<PairBatch> loop = new TrainingLoop<>(model, manager, batches, step, resolved.training(),
                    outDir, new TrainingLoop.RunDescription(KIND, "reward-model-" + kind.json(), described, inputs,
                            List.of(RewardModelStep.ACCURACY)));
            TrainingResult result = resume ? loop.resume() : loop.run();
            // over the whole run (a resumed run's elapsed time includes the time before the kill)
            long pairsTrained = batches.pairsBefore(batches.position());
            double pairsPerSecond = result.elapsedSeconds() > 0 ? pairsTrained / result.elapsedSeconds() : 0;

            model.save(outDir);
            AtomicFile.write(outDir.resolve("tokenizer.json"), out -> Files.copy(tokenizerFile, out));
            JsonlWriter.write(outDir.resolve(TEST_HELPFULNESS), RecordKind.PREFERENCES, data.testHelpfulness());
            JsonlWriter.write(outDir.resolve(TEST_SAFETY), RecordKind.PREFERENCES, data.testSafety());
            RewardModelEvaluation.Report report;
            try (RewardModelScorer scorer = RewardModelScorer.of(model, tokenizer)) {
                // test pairs longer than the context are left out of the evaluation, as they were out of training
                report = evaluateOnTestSets(scorer, displayName(kind), fitting(data.testHelpfulness(), format,
                        tokenizer, maxTokens), fitting(data.testSafety(), format, tokenizer, maxTokens));
            }
            report.write(outDir, "table8");

            Manifest fromLoop = Manifest.read(outDir);
            Map<String, Object> metrics = new LinkedHashMap<>(fromLoop.metrics());
            metrics.put("train_pairs", pairs.size());
            metrics.put("dropped_pairs", dropped);
            metrics.put("test_helpfulness_pairs", data.testHelpfulness().size());
            metrics.put("test_safety_pairs", data.testSafety().size());
            metrics.put("pairs_per_second", pairsPerSecond);
            metrics.put("wall_seconds", result.elapsedSeconds());
            metrics.put("init_model_sha256", Sha256.of(RewardModelInit.weightsFile(sftDir)));
            metrics.put("evaluation", report.toList());
            new Manifest(KIND, 1, "reward-model-" + kind.json(), fromLoop.config(), fromLoop.inputs(), null,
                    fromLoop.versions(), Engine.getInstance().defaultDevice().toString(), seed, metrics)
                    .writeTo(outDir);
            LOG.info("{} RM written to {} ({} updates, final loss {}, {} pairs/s)\n{}", kind.json(), outDir,
                    result.steps(), String.format("%.4f", result.finalLoss()), String.format("%.1f", pairsPerSecond),
                    report.format());
            return new RewardModelResult(result, pairs.size(), dropped, pairsPerSecond, report);
        }
    }

    /** The pairs whose chosen and rejected rows both fit in {@code maxTokens}. */
    private static List<PreferencePair> fitting(List<PreferencePair> pairs, ChatFormat format,
                                                LlamaTokenizer tokenizer, int maxTokens) {
        List<PreferencePair> out = new ArrayList<>(pairs.size());
        for (PreferencePair p : pairs) {
            if (TokenizedPair.of(p, format, tokenizer).maxLength() <= maxTokens) {
                out.add(p);
            }
        }
        if (out.size() < pairs.size()) {
            LOG.info("{} of {} test pairs are longer than {} tokens and not evaluated", pairs.size() - out.size(),
                    pairs.size(), maxTokens);
        }
        return out;
    }

    /** The paper's name of a reward model of {@code kind}: "Helpfulness RM" or "Safety RM". */
    public static String displayName(RewardModelKind kind) {
        return kind == RewardModelKind.HELPFULNESS ? "Helpfulness RM" : "Safety RM";
    }

    /** One RM on the helpfulness and safety test sets (empty ones are left out). */
    public static RewardModelEvaluation.Report evaluateOnTestSets(RewardModelScorer scorer, String name,
            List<PreferencePair> testHelpfulness, List<PreferencePair> testSafety) {
        List<RewardModelEvaluation.Row> rows = new ArrayList<>();
        if (!testSafety.isEmpty()) {
            rows.add(RewardModelEvaluation.evaluate(scorer, name, "safety", testSafety));
        }
        if (!testHelpfulness.isEmpty()) {
            rows.add(RewardModelEvaluation.evaluate(scorer, name, "helpfulness", testHelpfulness));
        }
        return new RewardModelEvaluation.Report(rows);
    }
}
