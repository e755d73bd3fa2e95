package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class KlPenaltyTest {

    @Test
    public void perTokenPenaltyAndScoreOnTheLastToken() {
        float[] policy = {-1.0f, -2.0f, -0.5f};
        float[] reference = {-1.5f, -1.0f, -0.5f};
        // −β(logπθ − logπ0) with β 0.1: (−0.05, +0.1, 0); the score 2 lands on the last token.
        float[] r = KlPenalty.rewards(policy, reference, 2.0, 0.1);
        assertEquals(r[0], -0.05f, 1e-6);
        assertEquals(r[1], 0.1f, 1e-6);
        assertEquals(r[2], 2.0f, 1e-6);
        assertEquals(KlPenalty.sequenceKl(policy, reference), 0.5 - 1.0 + 0, 1e-6);
    }

    @Test
    public void identicalModelsGiveZeroPenalty() {
        float[] lp = {-0.3f, -2.2f};
        float[] r = KlPenalty.rewards(lp, lp, -1.0, 0.01);
        assertEquals(r[0], 0f);
        assertEquals(r[1], -1.0f, 1e-7);
        assertEquals(KlPenalty.sequenceKl(lp, lp), 0.0);
    }

    @Test
    public void rejectsMismatchedOrEmpty() {
        expectThrows(IllegalArgumentException.class, () -> KlPenalty.rewards(new float[2], new float[1], 0, 0.1));
        expectThrows(IllegalArgumentException.class, () -> KlPenalty.rewards(new float[0], new float[0], 0, 0.1));
    }
}
