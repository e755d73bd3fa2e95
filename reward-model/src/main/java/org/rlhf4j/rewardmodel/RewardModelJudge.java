package org.rlhf4j.rewardmodel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reward model as a judge (Llama 2 §3.4.1, Fig. 11 "RM judge"): model A's answer to a prompt wins over model B's
 * when the RM scores it higher; equal scores are ties. The win rate counts ties as half, as the paper's win rates do
 * not separate them; the counts are kept.
 *
 * @param wins prompts where A's answer scored higher
 * @param ties prompts where the scores are equal
 * @param losses prompts where B's answer scored higher
 */
public record RewardModelJudge(int wins, int ties, int losses) {

    /** Compares A's and B's scores prompt by prompt. */
    public static RewardModelJudge compare(float[] scoresA, float[] scoresB) {
        if (scoresA.length != scoresB.length) {
            throw new IllegalArgumentException(scoresA.length + " scores for A but " + scoresB.length + " for B");
        }
        int w = 0;
        int t = 0;
        int l = 0;
        for (int i = 0; i < scoresA.length; i++) {
            if (scoresA[i] > scoresB[i]) {
                w++;
            } else if (scoresA[i] < scoresB[i]) {
                l++;
            } else {
                t++;
            }
        }
        return new RewardModelJudge(w, t, l);
    }

    /** (wins + ties / 2) / prompts; NaN with no prompts. */
    public double winRate() {
        int n = wins + ties + losses;
        return n == 0 ? Double.NaN : (wins + 0.5 * ties) / n;
    }

    /** As JSON-ready values. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("win_rate", Double.isNaN(winRate()) ? null : winRate());
        out.put("wins", wins);
        out.put("ties", ties);
        out.put("losses", losses);
        return out;
    }
}
