package org.rlhf4j.sft;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class MaskedCrossEntropyTest {

    // B = 2 rows, T = 3 positions, V = 3 tokens.
    private static final float[][][] LOGITS = {
        {{1.0f, 2.0f, 0.5f}, {0.0f, -1.0f, 3.0f}, {2.0f, 2.0f, 2.0f}},
        {{0.3f, 0.1f, -0.4f}, {1.5f, -0.5f, 0.0f}, {-2.0f, 1.0f, 0.7f}},
    };
    private static final long[][] TOKENS = {{0, 1, 2}, {2, 0, 1}};
    // Row 0: targets at t = 1 and 2. Row 1: only t = 2 (t = 1 is, say, a prompt token).
    private static final float[][] MASK = {{0, 1, 1}, {0, 0, 1}};

    private NDManager manager;

    @BeforeMethod
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterMethod
    public void close() {
        manager.close();
    }

    private static double logSoftmax(float[] z, long k) {
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v);
        }
        return z[(int) k] - Math.log(sum);
    }

    private NDArray logits() {
        float[] flat = new float[18];
        int i = 0;
        for (float[][] row : LOGITS) {
            for (float[] z : row) {
                for (float v : z) {
                    flat[i++] = v;
                }
            }
        }
        return manager.create(flat, new Shape(2, 3, 3));
    }

    private NDArray tokens() {
        return manager.create(new long[] {0, 1, 2, 2, 0, 1}, new Shape(2, 3));
    }

    private NDArray mask() {
        return manager.create(new float[] {0, 1, 1, 0, 0, 1}, new Shape(2, 3));
    }

    @Test
    public void equalsTheHandComputedMeanOverUnmaskedTargets() {
        // targets: row 0 token 1 from logits[0][0], token 2 from logits[0][1]; row 1 token 1 from logits[1][1].
        double expected = -(logSoftmax(LOGITS[0][0], TOKENS[0][1]) + logSoftmax(LOGITS[0][1], TOKENS[0][2])
                + logSoftmax(LOGITS[1][1], TOKENS[1][2])) / 3.0;
        float loss = MaskedCrossEntropy.compute(logits(), tokens(), mask()).getFloat();
        assertEquals(loss, expected, 1e-6);
        // By hand: (0.4644 + 0.0658 + 2.3064) / 3 (log-sum-exps 2.4644, 3.0658, 1.8064).
        assertEquals(expected, 0.94554, 1e-4);
    }

    @Test
    public void maskedPositionsGetExactlyZeroGradientAndTheRestTheSoftmaxMinusOneHot() {
        NDArray logits = logits();
        logits.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(MaskedCrossEntropy.compute(logits, tokens(), mask()));
        }
        float[] grad = logits.getGradient().toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                boolean predictsATarget = t + 1 < 3 && MASK[b][t + 1] == 1;
                for (int v = 0; v < 3; v++) {
                    float g = grad[(b * 3 + t) * 3 + v];
                    if (!predictsATarget) {
                        assertEquals(g, 0.0f, 0.0, "gradient at masked position b=" + b + " t=" + t);
                    } else {
                        // d/dz of −log softmax(z)[y] / count = (softmax(z) − onehot(y)) / count
                        double expected = (Math.exp(logSoftmax(LOGITS[b][t], v))
                                - (v == TOKENS[b][t + 1] ? 1 : 0)) / 3.0;
                        assertEquals(g, expected, 1e-6, "b=" + b + " t=" + t + " v=" + v);
                        assertNotEquals(g, 0.0f);
                    }
                }
            }
        }
    }

    @Test
    public void withTheMaskAllOnesItIsPlainLanguageModelLoss() {
        NDArray ones = manager.ones(new Shape(2, 3));
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 2; t++) {
                expected -= logSoftmax(LOGITS[b][t], TOKENS[b][t + 1]);
            }
        }
        expected /= 4; // position 0 is never a target
        assertEquals(MaskedCrossEntropy.compute(logits(), tokens(), ones).getFloat(), expected, 1e-6);
    }

    @Test
    public void anAllMaskedBatchOrMismatchedShapesAreErrors() {
        expectThrows(IllegalArgumentException.class,
                () -> MaskedCrossEntropy.compute(logits(), tokens(), manager.zeros(new Shape(2, 3))));
        expectThrows(IllegalArgumentException.class,
                () -> MaskedCrossEntropy.compute(logits(), tokens(), manager.ones(new Shape(2, 2))));
    }
}
