package org.rlhf4j.eval;

import java.util.List;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.data.format.PromptRecord;

/**
 * Win / tie / loss of model A's answers against model B's on the same prompts, judged by the arena judge (the
 * paper's Fig. 11 win rates, with the arena as the independent judge). For each prompt p with scores s_a, s_b on
 * the configured axis: win if {@code s_a − s_b > ε}, loss if {@code s_b − s_a > ε}, else tie.
 */
public final class WinRate {

    private WinRate() {}

    /**
     * Judges both answer lists and compares them prompt by prompt.
     *
     * @param responsesA model A's answers, one per prompt, same order
     * @param responsesB model B's answers, one per prompt, same order
     * @throws IllegalArgumentException when the three lists differ in length
     */
    public static WinTieLoss compare(List<PromptRecord> prompts, List<String> responsesA, List<String> responsesB,
                                     ArenaJudge judge, WinRateConfig config) {
        if (responsesA.size() != prompts.size() || responsesB.size() != prompts.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responsesA.size() + " answers A and "
                    + responsesB.size() + " answers B");
        }
        double[] a = new double[prompts.size()];
        double[] b = new double[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            a[i] = judge.judge(prompts.get(i), responsesA.get(i)).score(config.axis());
            b[i] = judge.judge(prompts.get(i), responsesB.get(i)).score(config.axis());
        }
        return compareScores(a, b, config.tieEpsilon());
    }

    /** Compares paired scores (e.g. from a reward model instead of the judge): win / tie / loss of A against B. */
    public static WinTieLoss compareScores(double[] scoresA, double[] scoresB, double tieEpsilon) {
        if (scoresA.length != scoresB.length) {
            throw new IllegalArgumentException(scoresA.length + " scores A but " + scoresB.length + " scores B");
        }
        if (!(tieEpsilon >= 0)) {
            throw new IllegalArgumentException("tieEpsilon must be >= 0, got " + tieEpsilon);
        }
        int wins = 0;
        int ties = 0;
        int losses = 0;
        for (int i = 0; i < scoresA.length; i++) {
            double gap = scoresA[i] - scoresB[i];
            if (Double.isNaN(gap)) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            if (gap > tieEpsilon) {
                wins++;
            } else if (-gap > tieEpsilon) {
                losses++;
            } else {
                ties++;
            }
        }
        return new WinTieLoss(wins, ties, losses);
    }
}
