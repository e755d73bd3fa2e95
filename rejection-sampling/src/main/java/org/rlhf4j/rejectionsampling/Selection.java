package org.rlhf4j.rejectionsampling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.rewardmodel.RewardModels;

/**
 * Selection of the new gold answers: for every prompt of the current pool, the best of its current samples and of
 * the samples earlier iterations drew for the same prompt id (Llama 2 §3.2.3: from RLHF-V3 on, the top samples of
 * all prior iterations compete, so skills the latest model lost are kept). Earlier samples are scored by the
 * current reward models or keep their stored reward ({@link PoolPolicy}). Each selection becomes an SFT dialog
 * (prompt + best answer, {@code dialogs} format) whose tags carry its provenance.
 */
public final class Selection {

    private Selection() {}

    /**
     * The outcome of selection.
     *
     * @param dialogs one SFT dialog per prompt that had a usable answer, in the current pool's order
     * @param meanBestReward mean reward of the selected answers
     * @param meanCurrentReward mean reward over all current samples (what a random sample scores)
     * @param fromEarlierPools selections that came from an earlier iteration's samples
     * @param skipped prompts without any usable answer
     */
    public record Result(List<Dialog> dialogs, double meanBestReward, double meanCurrentReward, int fromEarlierPools,
                         int skipped) {}

    /**
     * Selects the best answer per prompt.
     *
     * @param current this iteration's pool (scored by the current reward models)
     * @param earlier earlier iterations' pools, each labelled with its file name for the provenance
     * @param policy how earlier samples are scored
     * @param rewardModels the current reward models (used for {@link PoolPolicy#RESCORE} only; may be null when
     *     {@code earlier} is empty or the policy is {@link PoolPolicy#STORED})
     * @param rewardFunction the current reward function
     */
    public static Result select(List<PoolRecord> current, Map<String, List<PoolRecord>> earlier, PoolPolicy policy,
                                RewardModels rewardModels, RewardFunction rewardFunction) {
        Map<String, PoolRecord> byId = new LinkedHashMap<>();
        for (PoolRecord r : current) {
            if (byId.put(r.prompt().id(), r) != null) {
                throw new IllegalArgumentException("prompt id '" + r.prompt().id() + "' appears twice in the pool");
            }
        }
        Map<String, List<Candidate>> candidates = new LinkedHashMap<>();
        double sumCurrent = 0;
        long countCurrent = 0;
        for (PoolRecord r : current) {
            List<Candidate> list = new ArrayList<>();
            for (ScoredSample s : r.samples()) {
                list.add(new Candidate(s, r.provenance(), "current"));
                sumCurrent += s.reward();
                countCurrent++;
            }
            candidates.put(r.prompt().id(), list);
        }
        for (Map.Entry<String, List<PoolRecord>> pool : earlier.entrySet()) {
            List<PoolRecord> matching = new ArrayList<>();
            for (PoolRecord r : pool.getValue()) {
                PoolRecord now = byId.get(r.prompt().id());
                if (now == null) {
                    continue;
                }
                if (!now.prompt().messages().equals(r.prompt().messages())) {
                    throw new IllegalArgumentException(pool.getKey() + ": prompt id '" + r.prompt().id()
                            + "' has other messages than in the current prompts");
                }
                matching.add(r);
            }
            if (policy == PoolPolicy.RESCORE && !matching.isEmpty()) {
                matching = rescore(matching, rewardModels, rewardFunction);
            }
            for (PoolRecord r : matching) {
                for (ScoredSample s : r.samples()) {
                    candidates.get(r.prompt().id()).add(new Candidate(s, r.provenance(), pool.getKey()));
                }
            }
        }
        List<Dialog> dialogs = new ArrayList<>();
        double sumBest = 0;
        int fromEarlier = 0;
        int skipped = 0;
        for (PoolRecord r : current) {
            List<Candidate> list = candidates.get(r.prompt().id());
            ScoredSample best = BestOfK.best(list.stream().map(Candidate::sample).toList());
            if (best == null) {
                skipped++;
                continue;
            }
            Candidate chosen = list.stream().filter(c -> c.sample() == best).findFirst().orElseThrow();
            if (!chosen.pool().equals("current")) {
                fromEarlier++;
            }
            sumBest += best.reward();
            dialogs.add(dialog(r.prompt(), chosen));
        }
        return new Result(dialogs, dialogs.isEmpty() ? Double.NaN : sumBest / dialogs.size(),
                countCurrent == 0 ? Double.NaN : sumCurrent / countCurrent, fromEarlier, skipped);
    }

    /** Writes the selections as an SFT dialogs file (validated, atomic). */
    public static void write(Path file, List<Dialog> dialogs) throws IOException {
        JsonlWriter.write(file, RecordKind.DIALOGS, dialogs);
    }

    /** Earlier samples scored again by the current reward models and function. */
    static List<PoolRecord> rescore(List<PoolRecord> records, RewardModels rewardModels, RewardFunction f) {
        if (rewardModels == null) {
            throw new IllegalArgumentException("rescoring earlier pools needs the current reward models");
        }
        List<PromptRecord> prompts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (PoolRecord r : records) {
            for (ScoredSample s : r.samples()) {
                prompts.add(r.prompt());
                texts.add(s.text());
            }
        }
        RewardModels.Scores scores = rewardModels.scores(prompts, texts);
        boolean[] isSafety = new boolean[prompts.size()];
        for (int i = 0; i < isSafety.length; i++) {
            isSafety[i] = prompts.get(i).isSafety();
        }
        float[] rewards = f.rewards(scores.helpfulness(), scores.safety(), isSafety);
        List<PoolRecord> out = new ArrayList<>(records.size());
        int i = 0;
        for (PoolRecord r : records) {
            List<ScoredSample> rescored = new ArrayList<>();
            for (ScoredSample s : r.samples()) {
                rescored.add(s.withScores(scores.helpfulness()[i], scores.safety()[i], rewards[i]));
                i++;
            }
            out.add(r.withSamples(rescored));
        }
        return out;
    }

    private static Dialog dialog(PromptRecord prompt, Candidate chosen) {
        List<Message> messages = new ArrayList<>(prompt.messages());
        messages.add(Message.assistant(chosen.sample().text()));
        SampleProvenance p = chosen.provenance();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("source", "rejection-sampling");
        tags.put("pool", chosen.pool());
        tags.put("model", p.model());
        tags.put("model_sha256", String.valueOf(p.modelSha256()));
        tags.put("temperature", String.valueOf(p.temperature()));
        tags.put("seed", String.valueOf(chosen.sample().seed()));
        tags.put("sample_index", String.valueOf(chosen.sample().index()));
        tags.put("reward", String.format(Locale.ROOT, "%.6f", chosen.sample().reward()));
        tags.put("helpfulness", String.format(Locale.ROOT, "%.6f", chosen.sample().helpfulness()));
        tags.put("safety", String.format(Locale.ROOT, "%.6f", chosen.sample().safety()));
        tags.put("reward_function", p.rewardFunction());
        tags.put("helpfulness_model", String.valueOf(p.helpfulnessModel()));
        tags.put("safety_model", String.valueOf(p.safetyModel()));
        return new Dialog(prompt.id(), messages, tags);
    }

    private record Candidate(ScoredSample sample, SampleProvenance provenance, String pool) {}
}
