package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class RewardFunctionTest {

    private static final double H = 2.5;

    @Test
    public void thresholdIsLogitOfFifteenPercent() {
        assertEquals(RewardFunction.SAFETY_THRESHOLD_LOGIT, -1.7346010553881064, 1e-15);
        assertEquals(1 / (1 + Math.exp(-RewardFunction.SAFETY_THRESHOLD_LOGIT)), 0.15, 1e-15);
    }

    @Test
    public void gatedUsesSafetyBelowTheThresholdOnly() {
        double t = RewardFunction.SAFETY_THRESHOLD_LOGIT;
        // exactly at the threshold σ(Rs) = 0.15 is not < 0.15: helpfulness
        assertFalse(RewardFunction.isBelowSafetyThreshold(t));
        assertEquals(RewardFunction.GATED.reward(H, t, false), H);
        // just below: safety
        assertEquals(RewardFunction.GATED.reward(H, Math.nextDown(t), false), Math.nextDown(t));
        assertEquals(RewardFunction.GATED.reward(H, -5, false), -5.0);
        // just above: helpfulness
        assertEquals(RewardFunction.GATED.reward(H, Math.nextUp(t), false), H);
    }

    @Test
    public void safetyPromptAlwaysUsesSafetyEvenWhenItLooksSafe() {
        assertEquals(RewardFunction.GATED.reward(H, 4.0, true), 4.0);
        assertEquals(RewardFunction.GATED.reward(H, 4.0, false), H);
    }

    @Test
    public void gateIsOnRawScoresNotOnProbabilities() {
        // a raw safety score of 0.1 means σ = 0.525: safe, so helpfulness; a rule misreading the raw score as a
        // probability (0.1 < 0.15) would pick safety
        assertEquals(RewardFunction.GATED.reward(H, 0.1, false), H);
        // a raw −1.0 means σ = 0.269 (safe); −2.0 means σ = 0.119 (unsafe)
        assertEquals(RewardFunction.GATED.reward(H, -1.0, false), H);
        assertEquals(RewardFunction.GATED.reward(H, -2.0, false), -2.0);
        // and the returned reward is the raw score, not its sigmoid
        assertEquals(RewardFunction.SAFETY.reward(H, -2.0, false), -2.0);
    }

    @Test
    public void singleModelFunctions() {
        assertEquals(RewardFunction.HELPFULNESS.reward(H, -9, true), H);
        assertEquals(RewardFunction.SAFETY.reward(H, 0.7, false), 0.7);
        assertTrue(RewardFunction.GATED.usesHelpfulness() && RewardFunction.GATED.usesSafety());
        assertFalse(RewardFunction.SAFETY.usesHelpfulness());
        assertFalse(RewardFunction.HELPFULNESS.usesSafety());
    }

    @Test
    public void batchedRewards() {
        float[] h = {1f, 2f, 5f, 4f};
        float[] s = {3f, -3f, 3f, -1.7f};
        boolean[] safetyPrompt = {true, false, false, false};
        assertEquals(RewardFunction.GATED.rewards(h, s, safetyPrompt), new float[] {3f, -3f, 5f, 4f});
        assertEquals(RewardFunction.HELPFULNESS.rewards(h, null, safetyPrompt), h);
        assertEquals(RewardFunction.SAFETY.rewards(null, s, safetyPrompt), s);
        expectThrows(IllegalArgumentException.class, () -> RewardFunction.GATED.rewards(h, null, safetyPrompt));
    }
}
