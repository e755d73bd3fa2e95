package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.rlhf4j.data.format.Rating;
import org.testng.annotations.Test;

public class SafetyLabelLossTest {

    // responses: safe at r = 1, unsafe at r = −1, unsafe at r = 2, and one of unknown safety at r = 0.5
    private static final float[] SCORES = {1, -1, 2, 0.5f};
    private static final float[] SAFE = {1, 0, 0, 1};
    private static final float[] KNOWN = {1, 1, 1, 0};
    // class weights: safe 0.75, unsafe 1.5 (the unknown response's weight must not count)
    private static final float[] WEIGHT = {0.75f, 1.5f, 1.5f, 9f};

    @Test
    public void unweightedIsTheMeanCrossEntropyOverKnownLabels() {
        // softplus(−1) for the safe one; softplus(−1) and softplus(2) for the unsafe ones
        double expected = (0.3132616875 + 0.3132616875 + 2.1269280110) / 3;
        assertEquals(expected, 0.9178171287, 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = SafetyLabelLoss.mean(m.create(SCORES), m.create(SAFE), m.create(KNOWN)).getFloat();
            assertEquals(loss, expected, 1e-6);
            float same = SafetyLabelLoss.mean(m.create(SCORES), m.create(SAFE), m.create(KNOWN), m.create(KNOWN), 0)
                    .getFloat();
            assertEquals(same, expected, 1e-6);
        }
    }

    @Test
    public void classWeightsScaleEachTerm() {
        // (0.75 · softplus(−1) + 1.5 · softplus(−1) + 1.5 · softplus(2)) / 3 known labels
        double expected = (0.75 * 0.3132616875 + 1.5 * 0.3132616875 + 1.5 * 2.1269280110) / 3;
        assertEquals(expected, 1.2984102712, 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = SafetyLabelLoss.mean(m.create(SCORES), m.create(SAFE), m.create(KNOWN), m.create(WEIGHT), 0)
                    .getFloat();
            assertEquals(loss, expected, 1e-6);
        }
    }

    @Test
    public void unsafeOffsetAndItsGradient() {
        // c = −1: the unsafe terms become softplus(−1 + 1) = ln 2 and softplus(2 + 1) = 3.0485873516
        double expected = (0.75 * 0.3132616875 + 1.5 * 0.6931471806 + 1.5 * 3.0485873516) / 3;
        assertEquals(expected, 1.9491826879, 1e-9);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray scores = m.create(SCORES);
            scores.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = SafetyLabelLoss.mean(scores, m.create(SAFE), m.create(KNOWN), m.create(WEIGHT), -1);
                assertEquals(loss.getFloat(), expected, 1e-6);
                gc.backward(loss);
            }
            // d/dr: safe −w·σ(−r)/3, unsafe w·σ(r − c)/3, unknown 0
            float[] grad = scores.getGradient().toFloatArray();
            assertEquals(grad[0], -0.75 * 0.2689414214 / 3, 1e-6);
            assertEquals(grad[1], 1.5 * 0.5 / 3, 1e-6);
            assertEquals(grad[2], 1.5 * 0.9525741268 / 3, 1e-6);
            assertEquals(grad[3], 0f, 0f);
        }
    }

    @Test
    public void balancedClassWeightsGiveEachClassHalfTheAnchor() {
        // labels (chosen, rejected): (safe, unsafe), (safe, safe), (safe, unsafe), unknown → 4 safe, 2 unsafe
        List<TokenizedPair> pairs = List.of(pair(1, 0), pair(1, 1), pair(1, 0), pair(-1, -1));
        double[] w = SafetyLabelLoss.balancedClassWeights(pairs);
        assertEquals(w[0], 6.0 / 8, 1e-12);
        assertEquals(w[1], 6.0 / 4, 1e-12);
        // each class's weighted count is N / 2
        assertEquals(4 * w[0], 3.0, 1e-12);
        assertEquals(2 * w[1], 3.0, 1e-12);
        // a class that is absent (or no label at all) leaves the anchor unweighted
        assertEquals(SafetyLabelLoss.balancedClassWeights(List.of(pair(1, 1), pair(-1, -1))), new double[] {1, 1});
        assertEquals(SafetyLabelLoss.balancedClassWeights(List.of(pair(0, 0))), new double[] {1, 1});
    }

    private static TokenizedPair pair(int chosenSafe, int rejectedSafe) {
        return new TokenizedPair(new int[] {1, 5, 2}, new int[] {1, 6, 2}, Rating.BETTER, chosenSafe, rejectedSafe);
    }
}
