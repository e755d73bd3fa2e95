package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.testng.annotations.Test;

public class RankingLossTest {

    // pairs: (r_c, r_r, m) = (2, 1, 0) → x = 1; (0, 0, 0) → x = 0; (1, 3, 1) → x = −3
    private static final float[] CHOSEN = {2, 0, 1};
    private static final float[] REJECTED = {1, 0, 3};
    private static final float[] MARGIN = {0, 0, 1};
    // −log σ(x) = log(1 + e^−x)
    private static final double[] LOSS = {Math.log1p(Math.exp(-1)), Math.log(2), Math.log1p(Math.exp(3))};

    @Test
    public void handComputedLossPerPairAndMean() {
        assertEquals(LOSS[0], 0.3132617, 1e-7);
        assertEquals(LOSS[2], 3.0485874, 1e-7);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] perPair = RankingLoss.perPair(m.create(CHOSEN), m.create(REJECTED), m.create(MARGIN))
                    .toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(perPair[i], LOSS[i], 1e-6);
                assertEquals(RankingLoss.of(CHOSEN[i], REJECTED[i], MARGIN[i]), LOSS[i], 1e-12);
            }
            float mean = RankingLoss.mean(m.create(CHOSEN), m.create(REJECTED), m.create(MARGIN)).getFloat();
            assertEquals(mean, (LOSS[0] + LOSS[1] + LOSS[2]) / 3, 1e-6);
        }
    }

    @Test
    public void gradientOfTheMeanIsSigmoidMinusOneOverP() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray chosen = m.create(CHOSEN);
            NDArray rejected = m.create(REJECTED);
            chosen.setRequiresGradient(true);
            rejected.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(RankingLoss.mean(chosen, rejected, m.create(MARGIN)));
            }
            float[] dChosen = chosen.getGradient().toFloatArray();
            float[] dRejected = rejected.getGradient().toFloatArray();
            double[] x = {1, 0, -3};
            for (int i = 0; i < 3; i++) {
                double sigmoid = 1 / (1 + Math.exp(-x[i]));
                assertEquals(dChosen[i], (sigmoid - 1) / 3, 1e-6);
                assertEquals(dRejected[i], (1 - sigmoid) / 3, 1e-6);
            }
            assertEquals(dChosen[1], -0.5 / 3, 1e-7);
        }
    }

    @Test
    public void marginRaisesTheLossAndExtremesStayFinite() {
        assertTrue(RankingLoss.of(1, 0, MarginTable.LARGE.margin(org.rlhf4j.data.format.Rating.SIGNIFICANTLY_BETTER))
                > RankingLoss.of(1, 0, 0));
        assertEquals(RankingLoss.of(100, 0, 0), 0, 1e-40);
        assertEquals(RankingLoss.of(0, 100, 0), 100, 1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] big = RankingLoss.perPair(m.create(new float[] {0, 200}), m.create(new float[] {200, 0}),
                    m.create(new float[] {0, 0})).toFloatArray();
            assertEquals(big[0], 200f, 1e-3);
            assertEquals(big[1], 0f, 1e-6);
        }
    }

    @Test
    public void shapesMustAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            expectThrows(IllegalArgumentException.class, () -> RankingLoss.perPair(
                    m.create(new float[] {1, 2}), m.create(new float[] {1}), m.create(new float[] {0, 0})));
        }
    }
}
