package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class GaeTest {

    @Test
    public void handComputedThreeTokens() {
        // r = (0, 0, 1), V = (0.5, 0.25, 0.75), γ = 0.9, λ = 0.5, V_3 = 0
        // δ2 = 1 − 0.75 = 0.25;  δ1 = 0 + 0.9·0.75 − 0.25 = 0.425;  δ0 = 0 + 0.9·0.25 − 0.5 = −0.275
        // A2 = 0.25;  A1 = 0.425 + 0.45·0.25 = 0.5375;  A0 = −0.275 + 0.45·0.5375 = −0.033125
        Gae.Result g = Gae.compute(new float[] {0, 0, 1}, new float[] {0.5f, 0.25f, 0.75f}, 0.9, 0.5);
        assertEquals(g.advantages()[2], 0.25f, 1e-6);
        assertEquals(g.advantages()[1], 0.5375f, 1e-6);
        assertEquals(g.advantages()[0], -0.033125f, 1e-6);
        assertEquals(g.returns()[0], 0.466875f, 1e-6); // A + V
        assertEquals(g.returns()[2], 1.0f, 1e-6);
    }

    @Test
    public void gammaOneLambdaOneGivesRewardToGoMinusValue() {
        float[] r = {0.1f, -0.2f, 2f};
        float[] v = {0.3f, 0.4f, 0.5f};
        Gae.Result g = Gae.compute(r, v, 1.0, 1.0);
        assertEquals(g.advantages()[0], 0.1f - 0.2f + 2f - 0.3f, 1e-6);
        assertEquals(g.returns()[0], 1.9f, 1e-6); // the Monte-Carlo return
        assertEquals(g.returns()[1], 1.8f, 1e-6);
    }

    @Test
    public void lambdaZeroIsOneStepTd() {
        Gae.Result g = Gae.compute(new float[] {1, 2}, new float[] {3, 5}, 1.0, 0.0);
        assertEquals(g.advantages()[0], 1 + 5 - 3, 1e-6);
        assertEquals(g.advantages()[1], 2 - 5, 1e-6);
    }

    @Test
    public void lengthsMustAgree() {
        expectThrows(IllegalArgumentException.class, () -> Gae.compute(new float[2], new float[3], 1, 0.95));
    }
}
