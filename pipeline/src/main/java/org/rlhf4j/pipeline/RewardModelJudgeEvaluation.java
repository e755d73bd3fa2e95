package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.rewardmodel.RewardModelJudge;
import org.rlhf4j.rewardmodel.RewardModelKind;
import org.rlhf4j.rewardmodel.RewardModelScorer;

/**
 * The reward models as judges (Llama 2 §3.4.1, Fig. 11 "RM judge" beside the independent one): every version's
 * answers to the fixed test prompts (its {@link VersionEvaluation} file) are scored by the last version's Helpfulness
 * RM and Safety RM — one pair of judges for every version, so the scores are comparable across versions — and each
 * version is compared with SFT prompt by prompt ({@link RewardModelJudge}: the higher score wins; equal scores, which
 * only identical answers get, tie). Writes {@value #SCORES_FILE}; the same scores are the report's reward
 * distributions (Fig. 20).
 */
public final class RewardModelJudgeEvaluation {

    /** Both RMs' score of every version's answer to every test prompt: JSON Lines of {@link Score}. */
    public static final String SCORES_FILE = "scores.jsonl";
    /** The version every other is compared with. */
    public static final String BASELINE = "sft";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private RewardModelJudgeEvaluation() {}

    /**
     * One answer's scores.
     *
     * @param version the model version that answered
     * @param id the test prompt's id
     * @param isSafety the prompt's IS_SAFETY tag
     * @param helpfulness the Helpfulness RM's raw score (logit)
     * @param safety the Safety RM's raw score (logit)
     */
    public record Score(@JsonProperty("version") String version, @JsonProperty("id") String id,
                       @JsonProperty("is_safety") boolean isSafety, @JsonProperty("helpfulness") double helpfulness,
                       @JsonProperty("safety") double safety) {}

    /**
     * Scores every version's answers with both reward models and writes {@value #SCORES_FILE} into {@code outDir}.
     *
     * @param answers each version's judged answers in test-prompt order, by version name, one of them {@code sft}
     * @param prompts the test prompts the answers answer, in order
     * @param rewardModels the reward-model directory of each kind
     * @return per version other than SFT and per RM ({@code helpfulness_rm}, {@code safety_rm}) the
     *     {@link RewardModelJudge} counts against SFT
     */
    public static Map<String, Map<String, RewardModelJudge>> run(Map<String, List<JudgedResponse>> answers,
                                                                 List<PromptRecord> prompts,
                                                                 Map<RewardModelKind, Path> rewardModels,
                                                                 Path outDir) throws IOException {
        // Each distinct (prompt, answer) is scored once, so identical answers of two versions get the same score
        // (and tie) whatever micro-batch they would have fallen into.
        Map<String, Integer> distinct = new LinkedHashMap<>();
        List<List<Message>> rowPrompts = new ArrayList<>();
        List<String> rowAnswers = new ArrayList<>();
        Map<String, int[]> rowOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<JudgedResponse>> e : answers.entrySet()) {
            List<JudgedResponse> a = e.getValue();
            requireAligned(e.getKey(), a, prompts);
            int[] rows = new int[a.size()];
            for (int i = 0; i < a.size(); i++) {
                String key = i + "\u0000" + a.get(i).response();
                Integer row = distinct.get(key);
                if (row == null) {
                    row = rowAnswers.size();
                    distinct.put(key, row);
                    rowPrompts.add(prompts.get(i).messages());
                    rowAnswers.add(a.get(i).response());
                }
                rows[i] = row;
            }
            rowOf.put(e.getKey(), rows);
        }
        Map<RewardModelKind, float[]> rowScores = new LinkedHashMap<>();
        for (RewardModelKind kind : List.of(RewardModelKind.HELPFULNESS, RewardModelKind.SAFETY)) {
            try (RewardModelScorer scorer = RewardModelScorer.open(rewardModels.get(kind))) {
                rowScores.put(kind, scorer.score(rowPrompts, rowAnswers));
            }
        }
        float[] h = rowScores.get(RewardModelKind.HELPFULNESS);
        float[] s = rowScores.get(RewardModelKind.SAFETY);
        List<Score> scores = new ArrayList<>();
        rowOf.forEach((version, rows) -> {
            for (int i = 0; i < rows.length; i++) {
                scores.add(new Score(version, prompts.get(i).id(), prompts.get(i).isSafety(), h[rows[i]],
                        s[rows[i]]));
            }
        });
        JsonLinesOutput.write(outDir.resolve(SCORES_FILE), scores);
        return compareWithBaseline(scores);
    }

    /**
     * The RM judge's counts of every version against {@value #BASELINE}, prompt by prompt (scores of one version in
     * the order of the baseline's prompts, matched by id).
     *
     * @return per version (schedule order, SFT left out) {@code helpfulness_rm} and {@code safety_rm} counts
     */
    public static Map<String, Map<String, RewardModelJudge>> compareWithBaseline(List<Score> scores) {
        Map<String, List<Score>> byVersion = new LinkedHashMap<>();
        for (Score s : scores) {
            byVersion.computeIfAbsent(s.version(), v -> new ArrayList<>()).add(s);
        }
        List<Score> base = byVersion.get(BASELINE);
        if (base == null) {
            throw new IllegalArgumentException("the RM judge compares versions with " + BASELINE + "; got "
                    + byVersion.keySet());
        }
        Map<String, Map<String, RewardModelJudge>> out = new LinkedHashMap<>();
        byVersion.forEach((version, list) -> {
            if (version.equals(BASELINE)) {
                return;
            }
            Map<String, Score> byId = new LinkedHashMap<>();
            list.forEach(s -> byId.put(s.id(), s));
            float[] hA = new float[base.size()];
            float[] hB = new float[base.size()];
            float[] sA = new float[base.size()];
            float[] sB = new float[base.size()];
            for (int i = 0; i < base.size(); i++) {
                Score b = base.get(i);
                Score a = byId.get(b.id());
                if (a == null) {
                    throw new IllegalArgumentException(version + " has no score for prompt " + b.id());
                }
                hA[i] = (float) a.helpfulness();
                hB[i] = (float) b.helpfulness();
                sA[i] = (float) a.safety();
                sB[i] = (float) b.safety();
            }
            Map<String, RewardModelJudge> judges = new LinkedHashMap<>();
            judges.put("helpfulness_rm", RewardModelJudge.compare(hA, hB));
            judges.put("safety_rm", RewardModelJudge.compare(sA, sB));
            out.put(version, judges);
        });
        return out;
    }

    /** The scores a run of this stage wrote. */
    public static List<Score> read(Path dir) throws IOException {
        Path file = dir.resolve(SCORES_FILE);
        return JsonLinesInput.read(file, JSON, Score.class, "a score");
    }

    private static void requireAligned(String version, List<JudgedResponse> answers, List<PromptRecord> prompts) {
        if (answers.size() != prompts.size()) {
            throw new IllegalArgumentException(version + ": " + answers.size() + " answers for " + prompts.size()
                    + " test prompts");
        }
        for (int i = 0; i < answers.size(); i++) {
            if (!answers.get(i).id().equals(prompts.get(i).id())) {
                throw new IllegalArgumentException(version + ": answer " + (i + 1) + " is for prompt "
                        + answers.get(i).id() + ", expected " + prompts.get(i).id());
            }
        }
    }
}
