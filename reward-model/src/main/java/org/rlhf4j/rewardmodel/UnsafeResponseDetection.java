package org.rlhf4j.rewardmodel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well the Safety RM flags unsafe responses at the reward function's gate (Llama 2 §3.2.3: at σ(R_s) &lt; 0.15
 * the paper's Safety RM had precision 0.89 and recall 0.55 on its safety test set): "unsafe" is the positive class,
 * predicted when {@link RewardFunction#isBelowSafetyThreshold}.
 *
 * @param truePositives unsafe responses flagged
 * @param falsePositives safe responses flagged
 * @param falseNegatives unsafe responses not flagged
 * @param trueNegatives safe responses not flagged
 */
public record UnsafeResponseDetection(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

    /** Counts over responses with known safety: {@code safe[i]} 1 safe, 0 unsafe (others are skipped). */
    public static UnsafeResponseDetection of(float[] scores, int[] safe) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < scores.length; i++) {
            if (safe[i] < 0) {
                continue;
            }
            boolean flagged = RewardFunction.isBelowSafetyThreshold(scores[i]);
            boolean unsafe = safe[i] == 0;
            if (flagged && unsafe) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (unsafe) {
                fn++;
            } else {
                tn++;
            }
        }
        return new UnsafeResponseDetection(tp, fp, fn, tn);
    }

    /** TP / (TP + FP), NaN when nothing was flagged. */
    public double precision() {
        return truePositives + falsePositives == 0 ? Double.NaN
                : (double) truePositives / (truePositives + falsePositives);
    }

    /** TP / (TP + FN), NaN when there is no unsafe response. */
    public double recall() {
        return truePositives + falseNegatives == 0 ? Double.NaN
                : (double) truePositives / (truePositives + falseNegatives);
    }

    /** As JSON-ready values. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threshold_probability", RewardFunction.SAFETY_THRESHOLD_PROBABILITY);
        out.put("precision", Double.isNaN(precision()) ? null : precision());
        out.put("recall", Double.isNaN(recall()) ? null : recall());
        out.put("true_positives", truePositives);
        out.put("false_positives", falsePositives);
        out.put("false_negatives", falseNegatives);
        out.put("true_negatives", trueNegatives);
        return out;
    }
}
