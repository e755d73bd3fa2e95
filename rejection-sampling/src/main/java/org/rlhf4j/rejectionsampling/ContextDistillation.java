package org.rlhf4j.rejectionsampling;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety context distillation (Llama 2 §4.2.4, METHOD.md §8): for each adversarial ({@code is_safety}) prompt the
 * model answers twice, once with a safety preprompt as the system message and once without; the preprompted answer
 * becomes a training target for the plain prompt (the preprompt removed, so the model learns to answer safely
 * without it) only where the Safety RM scores it higher than the plain answer ({@link #keep}) — the paper's
 * targeted context distillation, which drops the preprompted answers that got worse (e.g. vaguer).
 *
 * <p>{@link #run} then joins the kept targets to the iteration's rejection-sampling selections and fine-tunes from
 * the SFT model with the rejection-sampling fine-tuning config (a constant number of steps), so the model it writes
 * differs from the iteration's rejection-sampling model only by the distilled safety targets. Prompts that already
 * have a selection are skipped (best-of-K under the Safety RM chose their answer). Output directory:
 * {@value #DECISIONS} (both answers, scores and verdict per prompt), {@value #TARGETS} (the kept targets, SFT
 * dialogs), {@value #TRAINING_DATA} (selections + targets), {@value #MODEL}/
 * and {@code manifest.json}.
 */
public final class ContextDistillation {

    /** Manifest kind of the stage's directory. */
    public static final String KIND = "context-distillation";
    /** The kept targets as SFT dialogs (no preprompt). */
    public static final String TARGETS = "targets.jsonl";
    /** Every prompt's two answers, scores and verdict ({@link Decision}, JSON Lines). */
    public static final String DECISIONS = "decisions.jsonl";
    /** The fine-tuning data: the selections followed by the targets. */
    public static final String TRAINING_DATA = "training.jsonl";
    /** The fine-tuned model's directory. */
    public static final String MODEL = "model";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ContextDistillation.class);

    private ContextDistillation() {}

    /**
     * The keep rule: the preprompted answer is a target only if it can be a demonstration and the Safety RM scores
     * it strictly higher than the answer without the preprompt (a tie keeps nothing: no evidence it is safer).
     *
     * @param preprompted the answer generated with the safety preprompt
     * @param prepromptedSafety its Safety RM score (raw logit) on the prompt without the preprompt
     * @param plainSafety the Safety RM score of the answer generated without the preprompt, same prompt
     */
    public static boolean keep(String preprompted, float prepromptedSafety, float plainSafety) {
        return BestOfK.canBeDemonstration(preprompted) && prepromptedSafety > plainSafety;
    }

    /**
     * The prompt with the safety preprompt as its system message: prepended to an existing system message (on its
     * own line), or added as the first message.
     */
    public static PromptRecord withPreprompt(PromptRecord prompt, String preprompt) {
        List<Message> messages = new ArrayList<>(prompt.messages());
        if (!messages.isEmpty() && messages.get(0).role() == Role.SYSTEM) {
            messages.set(0, Message.system(preprompt + "\n" + messages.get(0).content()));
        } else {
            messages.add(0, Message.system(preprompt));
        }
        return new PromptRecord(prompt.id(), messages, prompt.isSafety(), prompt.category());
    }

    /**
     * One adversarial prompt's two answers and the Safety RM's verdict.
     *
     * @param id the prompt's id
     * @param plain the answer without the preprompt
     * @param preprompted the answer with the preprompt
     * @param plainSafety the Safety RM's score of {@code plain} on the prompt without the preprompt
     * @param prepromptedSafety the Safety RM's score of {@code preprompted} on the prompt without the preprompt
     * @param kept whether {@code preprompted} became a target ({@link #keep})
     */
    public record Decision(@JsonProperty("id") String id, @JsonProperty("plain") String plain,
                           @JsonProperty("preprompted") String preprompted,
                           @JsonProperty("plain_safety") float plainSafety,
                           @JsonProperty("preprompted_safety") float prepromptedSafety,
                           @JsonProperty("kept") boolean kept) {}

    /**
     * What the targets step measured.
     *
     * @param decisions every prompt's two answers, scores and verdict, in prompt order
     * @param targets the kept targets (SFT dialogs, in prompt order)
     * @param prompts adversarial prompts answered
     * @param kept targets kept (the Safety RM preferred the preprompted answer)
     * @param dropped answers dropped (the plain answer scored at least as high, or the preprompted one was unusable)
     * @param meanPlainSafety mean Safety RM score of the plain answers
     * @param meanPrepromptedSafety mean Safety RM score of the preprompted answers
     * @param wallSeconds generation and scoring time
     */
    public record Targets(List<Decision> decisions, List<Dialog> targets, int prompts, int kept, int dropped, double meanPlainSafety,
                          double meanPrepromptedSafety, double wallSeconds) {

        /** The counts and means as manifest metrics. */
        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prompts", prompts);
            m.put("kept", kept);
            m.put("dropped", dropped);
            m.put("mean_plain_safety", meanPlainSafety);
            m.put("mean_preprompted_safety", meanPrepromptedSafety);
            m.put("targets_wall_seconds", wallSeconds);
            return m;
        }
    }

    /**
     * Answers every prompt with and without the preprompt, scores both answers with the Safety RM on the prompt
     * without the preprompt and keeps the preprompted answers {@link #keep} accepts.
     *
     * @param policyDir the model that answers (with its {@code tokenizer.json})
     * @param safetyRmDir the Safety RM (same tokenizer)
     * @param prompts adversarial prompts (every one is used; filtering is the caller's)
     * @param seed answer {@code j} (0 plain, 1 preprompted) of prompt {@code p} samples with
     *     {@link SampleSeeds#of}(seed, p.id, j); unused when greedy
     * @throws IllegalArgumentException when the Safety RM's tokenizer differs from the policy's
     */
    public static Targets targets(Path policyDir, Path safetyRmDir, List<PromptRecord> prompts,
                                  ContextDistillationConfig config, long seed) throws IOException {
        long start = System.nanoTime();
        Path tokenizerFile = policyDir.resolve("tokenizer.json");
        List<Dialog> kept = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        double sumPlain = 0;
        double sumPreprompted = 0;
        try (RewardModelScorer safety = RewardModelScorer.open(safetyRmDir);
             LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager();
             LlamaModel policy = LlamaModel.load(manager, policyDir)) {
            String sha = Sha256.of(tokenizerFile);
            if (!sha.equals(safety.tokenizerSha256())) {
                throw new IllegalArgumentException("the policy's tokenizer " + tokenizerFile + " differs from the"
                        + " Safety RM's in " + safetyRmDir + ": train the reward model from this policy's SFT model");
            }
            ChatFormat format = new ChatFormat(tokenizer);
            KvCacheGenerator generator = new KvCacheGenerator(policy);
            SamplingConfig sampling = (config.temperature() == 0 ? SamplingConfig.greedy(config.maxNewTokens())
                    : SamplingConfig.sample(config.temperature(), config.maxNewTokens()))
                    .withEos(tokenizer.eosId(), true);
            int context = policy.config().maxPositions();
            for (int from = 0; from < prompts.size(); from += config.batchSize()) {
                List<PromptRecord> batch = prompts.subList(from, Math.min(prompts.size(), from + config.batchSize()));
                List<int[]> ids = new ArrayList<>(2 * batch.size());
                long[] seeds = new long[2 * batch.size()];
                for (int p = 0; p < batch.size(); p++) {
                    PromptRecord prompt = batch.get(p);
                    ids.add(format.samplingPrompt(prompt, config.maxNewTokens(), context));
                    ids.add(format.samplingPrompt(withPreprompt(prompt, config.preprompt()), config.maxNewTokens(),
                            context));
                    seeds[2 * p] = SampleSeeds.of(seed, prompt.id(), 0);
                    seeds[2 * p + 1] = SampleSeeds.of(seed, prompt.id(), 1);
                }
                List<Completion> completions = generator.generate(ids, sampling, seeds);
                List<List<Message>> scoredPrompts = new ArrayList<>(2 * batch.size());
                List<String> answers = new ArrayList<>(2 * batch.size());
                for (int r = 0; r < completions.size(); r++) {
                    scoredPrompts.add(batch.get(r / 2).messages()); // both scored without the preprompt
                    answers.add(format.decodeAnswer(completions.get(r).tokens()));
                }
                float[] scores = safety.score(scoredPrompts, answers);
                for (int p = 0; p < batch.size(); p++) {
                    float plain = scores[2 * p];
                    float preprompted = scores[2 * p + 1];
                    sumPlain += plain;
                    sumPreprompted += preprompted;
                    String answer = answers.get(2 * p + 1);
                    boolean keep = keep(answer, preprompted, plain);
                    if (keep) {
                        kept.add(target(batch.get(p), answer, preprompted, plain, config, policyDir));
                    }
                    decisions.add(new Decision(batch.get(p).id(), answers.get(2 * p), answer, plain, preprompted,
                            keep));
                }
                LOG.info("context distillation: {}/{} prompts, {} targets kept", from + batch.size(),
                        prompts.size(), kept.size());
            }
        }
        int n = prompts.size();
        return new Targets(decisions, kept, n, kept.size(), n - kept.size(), n == 0 ? Double.NaN : sumPlain / n,
                n == 0 ? Double.NaN : sumPreprompted / n, (System.nanoTime() - start) / 1e9);
    }

    private static Dialog target(PromptRecord prompt, String answer, float preprompted, float plain,
                                 ContextDistillationConfig config, Path policyDir) {
        List<Message> messages = new ArrayList<>(prompt.messages());
        messages.add(Message.assistant(answer));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("source", "context-distillation");
        tags.put("preprompt", config.preprompt());
        tags.put("model", policyDir.toString());
        tags.put("safety", String.format(Locale.ROOT, "%.6f", preprompted));
        tags.put("safety_without_preprompt", String.format(Locale.ROOT, "%.6f", plain));
        return new Dialog(prompt.id(), messages, tags);
    }

    /**
     * Everything a context-distillation step needs.
     *
     * @param policyDir the model that answers (the iteration's rejection-sampling model)
     * @param sftDir the model fine-tuned on selections + targets (the SFT model)
     * @param safetyRmDir the iteration's Safety RM
     * @param promptsFile training prompts ({@code prompts} format); the adversarial ones without a selection are used
     * @param selectionsFile the iteration's rejection-sampling fine-tuning data (SFT dialogs: its selections, or
     *     {@value RejectionSampling#FINE_TUNE_DATA} with replayed SFT demonstrations); prompts with a selection
     *     are not distilled
     * @param config preprompt and generation
     * @param fineTune the fine-tuning run ({@code max_steps} set: the rejection-sampling fine-tuning's)
     * @param outDir the step's directory
     * @param seed the sampling seed
     * @param resume continue a stopped fine-tuning run from its last checkpoint
     */
    public record Inputs(Path policyDir, Path sftDir, Path safetyRmDir, Path promptsFile, Path selectionsFile,
                         ContextDistillationConfig config, SftConfig fineTune, Path outDir, long seed,
                         boolean resume) {}

    /** Targets → join with the selections → fine-tune from SFT; returns the metrics written to the manifest. */
    public static Map<String, Object> run(Inputs in) throws IOException {
        long start = System.nanoTime();
        List<Dialog> selections = JsonlReader.readAll(in.selectionsFile(), RecordKind.DIALOGS);
        Set<String> selected = new HashSet<>();
        selections.forEach(d -> selected.add(d.id()));
        List<PromptRecord> adversarial = new ArrayList<>();
        for (PromptRecord p : RejectionSampling.readPrompts(in.promptsFile())) {
            if (p.isSafety() && !selected.contains(p.id())
                    && (in.config().prompts() == 0 || adversarial.size() < in.config().prompts())) {
                adversarial.add(p);
            }
        }
        if (adversarial.isEmpty()) {
            throw new IllegalArgumentException(in.promptsFile() + ": no adversarial (is_safety) prompt without a"
                    + " selection to distil the safety preprompt on");
        }
        Files.createDirectories(in.outDir());
        Targets targets = targets(in.policyDir(), in.safetyRmDir(), adversarial, in.config(), in.seed());
        JsonlWriter.write(in.outDir().resolve(TARGETS), RecordKind.DIALOGS, targets.targets());
        StringBuilder lines = new StringBuilder();
        for (Decision d : targets.decisions()) {
            lines.append(JSON.writeValueAsString(d)).append('\n');
        }
        AtomicFile.writeString(in.outDir().resolve(DECISIONS), lines.toString());
        List<Dialog> joined = new ArrayList<>(selections);
        joined.addAll(targets.targets());
        Path data = in.outDir().resolve(TRAINING_DATA);
        JsonlWriter.write(data, RecordKind.DIALOGS, joined);
        LOG.info("context distillation: kept {} of {} preprompted answers (Safety RM {} → {} on average); "
                        + "fine-tuning on {} selections + {} targets", targets.kept(), targets.prompts(),
                String.format(Locale.ROOT, "%.3f", targets.meanPlainSafety()),
                String.format(Locale.ROOT, "%.3f", targets.meanPrepromptedSafety()), selections.size(),
                targets.kept());
        SftResult r = SftTrainer.train(in.sftDir(), in.sftDir().resolve("tokenizer.json"), data,
                in.outDir().resolve(MODEL), in.fineTune(), in.resume());
        Map<String, Object> metrics = targets.metrics();
        metrics.put("selections", selections.size());
        metrics.put("fine_tune_steps", r.training().steps());
        metrics.put("fine_tune_final_loss", r.training().finalLoss());
        metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        new Manifest(KIND, 1, KIND, Map.of("context_distillation", in.config(), "fine_tune", in.fineTune()),
                Manifest.hashInputs(List.of(RejectionSampling.weightsFile(in.policyDir()),
                        RejectionSampling.weightsFile(in.sftDir()), RejectionSampling.weightsFile(in.safetyRmDir()),
                        in.promptsFile(), in.selectionsFile())), null, Manifest.baseVersions(),
                Engine.getInstance().defaultDevice().toString(), in.seed(), metrics)
                .withFilesOf(in.outDir()).writeTo(in.outDir());
        return metrics;
    }
}
