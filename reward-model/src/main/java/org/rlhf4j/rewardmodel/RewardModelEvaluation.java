package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;

/**
 * Reward-model evaluation on held-out pairs (Llama 2 §3.2.2, Table 8): accuracy overall and per rating bucket, and,
 * where responses carry safety labels, precision and recall of "unsafe response" at the gate σ(score) &lt; 0.15
 * ({@link UnsafeResponseDetection}). A {@link Report} holds one row per (reward model, test set), printed in the
 * paper's layout and written as CSV and JSON.
 */
public final class RewardModelEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RewardModelEvaluation() {}

    /**
     * One reward model on one test set.
     *
     * @param rewardModel the RM's name (e.g. "Safety RM")
     * @param testSet the test set's name (e.g. "safety")
     * @param accuracy accuracy overall and per rating
     * @param unsafeDetection precision/recall of unsafe responses, or null when no response has a safety label
     */
    public record Row(String rewardModel, String testSet, AccuracyTable accuracy,
                      UnsafeResponseDetection unsafeDetection) {

        /** As JSON-ready values. */
        public Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reward_model", rewardModel);
            out.put("test_set", testSet);
            out.putAll(accuracy.toMap());
            if (unsafeDetection != null) {
                out.put("unsafe_detection", unsafeDetection.toMap());
            }
            return out;
        }
    }

    /** Scores {@code pairs} with {@code scorer} and tabulates them. */
    public static Row evaluate(RewardModelScorer scorer, String rewardModel, String testSet,
                               List<PreferencePair> pairs) {
        List<List<Message>> prompts = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Integer> safe = new ArrayList<>();
        int[] chosenAt = new int[pairs.size()];
        int[] rejectedAt = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            chosenAt[i] = responseIndex(p, p.chosen(), TokenizedPair.chosenSafe(p.safetyLabel()), index, prompts,
                    responses, safe);
            rejectedAt[i] = responseIndex(p, p.rejected(), TokenizedPair.rejectedSafe(p.safetyLabel()), index,
                    prompts, responses, safe);
        }
        float[] scores = scorer.score(prompts, responses);
        float[] chosen = new float[pairs.size()];
        float[] rejected = new float[pairs.size()];
        List<Rating> ratings = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            chosen[i] = scores[chosenAt[i]];
            rejected[i] = scores[rejectedAt[i]];
            ratings.add(pairs.get(i).rating());
        }
        int[] safeArray = safe.stream().mapToInt(Integer::intValue).toArray();
        boolean anyLabel = safe.stream().anyMatch(s -> s >= 0);
        return new Row(rewardModel, testSet, AccuracyTable.of(chosen, rejected, ratings),
                anyLabel ? UnsafeResponseDetection.of(scores, safeArray) : null);
    }

    /** Each distinct (prompt, response) is scored once; the first safety label seen for it is kept. */
    private static int responseIndex(PreferencePair p, String response, int label, Map<String, Integer> index,
                                     List<List<Message>> prompts, List<String> responses, List<Integer> safe) {
        String key = HeldOutSplit.promptKey(p.prompt()) + '\u0002' + response;
        Integer at = index.get(key);
        if (at == null) {
            at = responses.size();
            index.put(key, at);
            prompts.add(p.prompt());
            responses.add(response);
            safe.add(label);
        } else if (safe.get(at) < 0 && label >= 0) {
            safe.set(at, label);
        }
        return at;
    }

    /** The pairs of {@code pairs} annotated on {@code axis}. */
    public static List<PreferencePair> onAxis(List<PreferencePair> pairs, Axis axis) {
        return pairs.stream().filter(p -> p.axis() == axis).toList();
    }

    /** Rows in the paper's Table 8 layout. */
    public record Report(List<Row> rows) {

        public Report {
            rows = List.copyOf(rows);
        }

        /** The rows of several reports in order (e.g. the Safety RM's then the Helpfulness RM's: Table 8). */
        public static Report merge(Report... reports) {
            List<Row> all = new ArrayList<>();
            for (Report r : reports) {
                all.addAll(r.rows());
            }
            return new Report(all);
        }

        /** The table as text: one line per (RM, test set), accuracy % per rating bucket, average, pairs. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-16s %-12s %13s %8s %9s %11s %7s %7s%n", "reward model",
                    "test set", "significantly", "better", "slightly", "negligibly", "avg", "pairs"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "%-16s %-12s", r.rewardModel(), r.testSet()));
                int[] widths = {13, 8, 9, 11};
                Rating[] ratings = Rating.values();
                for (int i = 0; i < ratings.length; i++) {
                    double a = r.accuracy().accuracy(ratings[i]);
                    String cell = Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.1f (%d)", 100 * a,
                            r.accuracy().total().get(ratings[i]));
                    sb.append(String.format(Locale.ROOT, " %" + widths[i] + "s", cell));
                }
                double avg = r.accuracy().overall();
                sb.append(String.format(Locale.ROOT, " %7s %7d%n", Double.isNaN(avg) ? "–"
                        : String.format(Locale.ROOT, "%.1f", 100 * avg), r.accuracy().pairs()));
            }
            for (Row r : rows) {
                UnsafeResponseDetection d = r.unsafeDetection();
                if (d != null && r.rewardModel().toLowerCase(Locale.ROOT).contains("safety")) {
                    sb.append(String.format(Locale.ROOT,
                            "%s on %s: unsafe responses at σ(score) < %.2f: precision %.3f, recall %.3f"
                                    + " (TP %d, FP %d, FN %d, TN %d)%n",
                            r.rewardModel(), r.testSet(), RewardFunction.SAFETY_THRESHOLD_PROBABILITY,
                            d.precision(), d.recall(), d.truePositives(), d.falsePositives(), d.falseNegatives(),
                            d.trueNegatives()));
                }
            }
            return sb.toString();
        }

        /** The table as CSV: reward_model, test_set, accuracy per rating, avg, pairs per rating, pairs. */
        public String csv() {
            StringBuilder sb = new StringBuilder("reward_model,test_set");
            for (Rating r : Rating.values()) {
                sb.append(',').append(r.json());
            }
            sb.append(",avg");
            for (Rating r : Rating.values()) {
                sb.append(",pairs_").append(r.json());
            }
            sb.append(",pairs,unsafe_precision,unsafe_recall\n");
            for (Row row : rows) {
                sb.append(row.rewardModel()).append(',').append(row.testSet());
                for (Rating r : Rating.values()) {
                    sb.append(',').append(num(row.accuracy().accuracy(r)));
                }
                sb.append(',').append(num(row.accuracy().overall()));
                for (Rating r : Rating.values()) {
                    sb.append(',').append(row.accuracy().total().get(r));
                }
                sb.append(',').append(row.accuracy().pairs());
                UnsafeResponseDetection d = row.unsafeDetection();
                sb.append(',').append(d == null ? "" : num(d.precision()));
                sb.append(',').append(d == null ? "" : num(d.recall())).append('\n');
            }
            return sb.toString();
        }

        /** JSON-ready rows. */
        public List<Map<String, Object>> toList() {
            return rows.stream().map(Row::toMap).toList();
        }

        /** Writes {@code <name>.csv} and {@code <name>.json} into {@code dir}, atomically. */
        public void write(Path dir, String name) throws IOException {
            AtomicFile.writeString(dir.resolve(name + ".csv"), csv());
            AtomicFile.writeString(dir.resolve(name + ".json"), JSON.writeValueAsString(toList()) + "\n");
        }

        private static String num(double v) {
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
        }
    }
}
