package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class AdamWTest {

    private NDManager manager;

    @BeforeClass
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterClass
    public void close() {
        manager.close();
    }

    /** The update of the class comment, element by element in double precision. */
    private static double[] reference(double[] p, double[][] grads, double lr, double decay) {
        double b1 = 0.9;
        double b2 = 0.95;
        double eps = 1e-5;
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[] out = p.clone();
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[t - 1][i];
                out[i] -= lr * decay * out[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                out[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return out;
    }

    private float[] twoSteps(String name, Shape shape, double lr) {
        double[][] grads = {{0.5, -1.0}, {0.1, 0.3}};
        try (AdamW adamw = new AdamW(AdamWConfig.llama2(), manager);
             NDArray p = manager.create(new float[] {1.0f, -2.0f}, shape)) {
            for (double[] g : grads) {
                try (NDArray grad = manager.create(new float[] {(float) g[0], (float) g[1]}, shape)) {
                    adamw.step(Map.of(name, p), Map.of(name, grad), lr);
                }
            }
            assertEquals(adamw.stepCount(), 2);
            return p.toFloatArray();
        }
    }

    @Test
    public void twoStepsWithDecayMatchTheHandComputation() {
        float[] got = twoSteps("layer_weight", new Shape(1, 2), 0.1);
        double[] want = reference(new double[] {1.0, -2.0}, new double[][] {{0.5, -1.0}, {0.1, 0.3}}, 0.1, 0.1);
        assertEquals(got[0], want[0], 1e-6);
        assertEquals(got[1], want[1], 1e-6);
        // By hand, step 1 alone: m̂ = g, v̂ = g², so p = 1·(1 − 0.1·0.1) − 0.1·0.5/(0.5 + 1e-5) = 0.8900020.
        float[] one = oneStep("layer_weight", new Shape(1, 2));
        assertEquals(one[0], 0.89000200, 1e-6);
        assertEquals(one[1], -2.0 * 0.99 + 0.1 * 1.0 / (1.0 + 1e-5), 1e-6);
    }

    @Test
    public void exemptNormIsNotDecayed() {
        float[] got = twoSteps("final_norm", new Shape(2), 0.1);
        double[] want = reference(new double[] {1.0, -2.0}, new double[][] {{0.5, -1.0}, {0.1, 0.3}}, 0.1, 0.0);
        assertEquals(got[0], want[0], 1e-6);
        assertEquals(got[1], want[1], 1e-6);
        double[] decayed = reference(new double[] {1.0, -2.0}, new double[][] {{0.5, -1.0}, {0.1, 0.3}}, 0.1, 0.1);
        assertTrue(Math.abs(got[1] - decayed[1]) > 1e-3, "decay must make a visible difference here");
    }

    private float[] oneStep(String name, Shape shape) {
        try (AdamW adamw = new AdamW(AdamWConfig.llama2(), manager);
             NDArray p = manager.create(new float[] {1.0f, -2.0f}, shape);
             NDArray g = manager.create(new float[] {0.5f, -1.0f}, shape)) {
            adamw.step(Map.of(name, p), Map.of(name, g), 0.1);
            return p.toFloatArray();
        }
    }

    @Test
    public void normOrBiasRule() {
        assertTrue(AdamWConfig.isNormOrBias("model.layers.0.input_layernorm.weight", new Shape(4, 4)));
        assertTrue(AdamWConfig.isNormOrBias("01Linear_bias", new Shape(4, 4)));
        assertTrue(AdamWConfig.isNormOrBias("anything", new Shape(8)));
        assertFalse(AdamWConfig.isNormOrBias("model.layers.0.self_attn.q_proj.weight", new Shape(4, 4)));
        AdamWConfig noExemption = new AdamWConfig(0.9, 0.95, 1e-5, 0.1, false);
        assertEquals(noExemption.decayFor("norm", new Shape(4)), 0.1);
        assertEquals(AdamWConfig.llama2().decayFor("norm", new Shape(4)), 0.0);
    }

    @Test
    public void stateRoundTripContinuesIdentically() {
        Shape shape = new Shape(1, 2);
        try (AdamW a = new AdamW(AdamWConfig.llama2(), manager); AdamW b = new AdamW(AdamWConfig.llama2(), manager);
             NDArray pa = manager.create(new float[] {1f, 2f}, shape);
             NDArray g1 = manager.create(new float[] {0.3f, -0.7f}, shape);
             NDArray g2 = manager.create(new float[] {-0.2f, 0.4f}, shape)) {
            a.step(Map.of("w", pa), Map.of("w", g1), 0.01);
            b.loadState(a.state());
            NDArray pb = pa.duplicate();
            a.step(Map.of("w", pa), Map.of("w", g2), 0.01);
            b.step(Map.of("w", pb), Map.of("w", g2), 0.01);
            assertEquals(b.stepCount(), 2);
            assertEquals(pb.toFloatArray(), pa.toFloatArray());
            pb.close();
        }
    }

    /** Gradients where LLM training lives: at, below and far below ε = 1e-5, one of each sign, and a zero. */
    private static final float[] SMALL = {1e-3f, 1e-5f, -1e-5f, 3e-6f, 1e-7f, -2e-8f, 0f};

    /**
     * Step 1 by hand: m̂ = g and v̂ = g² exactly, so from p = 0 the update is −lr · g / (|g| + ε): 0.99·lr at
     * g = 1e-3, lr/2 at g = ε, lr/101 at g = 1e-7. With ε inside the square root (√(v̂ + ε) ≈ 3.2e-3) the update at
     * g = ε would be 3e-3·lr instead of lr/2.
     */
    @Test
    public void firstStepAtAndBelowEpsilonIsLrTimesGOverAbsGPlusEpsilon() {
        double lr = 1e-3;
        Shape shape = new Shape(SMALL.length);
        try (AdamW adamw = new AdamW(AdamWConfig.llama2(), manager);
             NDArray p = manager.zeros(shape);
             NDArray g = manager.create(SMALL)) {
            adamw.step(Map.of("final_norm", p), Map.of("final_norm", g), lr);
            float[] got = p.toFloatArray();
            for (int i = 0; i < SMALL.length; i++) {
                double want = -lr * SMALL[i] / (Math.abs(SMALL[i]) + 1e-5);
                assertEquals(got[i], want, 1e-5 * Math.abs(want) + 1e-12, "g = " + SMALL[i]);
            }
            assertEquals(got[1], -lr / 2, 1e-9, "at g = ε exactly half the learning rate");
        }
    }

    /** The gradient of update t (1-based) for element i: SMALL[i] · (1 + ½ sin t), so m and v keep moving. */
    private static double smallGradient(int t, int i) {
        return SMALL[i] * (1 + 0.5 * Math.sin(t));
    }

    /**
     * 1000 updates with gradients at and below ε, against the reference in double precision, comparing the update
     * itself (not the parameter, whose float32 rounding would hide it) at step 1 and at step 1000, where the bias
     * corrections are 1 − β1ᵗ = 1 − 0.9¹⁰⁰⁰ and 1 − β2ᵗ = 1 − 0.95¹⁰⁰⁰ (both 1 to double precision) instead of 0.1 and
     * 0.05 at step 1. The update is read off a zero parameter swapped in under the same name, whose moments AdamW
     * keeps by name.
     */
    @Test
    public void updatesAtStepOneAndStepThousandWithTinyGradientsMatchTheReference() {
        int steps = 1000;
        double lr = 1e-4;
        AdamWConfig c = AdamWConfig.llama2();
        double[] m = new double[SMALL.length];
        double[] v = new double[SMALL.length];
        double[][] wantUpdate = new double[steps + 1][SMALL.length];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < SMALL.length; i++) {
                double g = smallGradient(t, i);
                m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
                v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
                double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
                double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
                wantUpdate[t][i] = -lr * mHat / (Math.sqrt(vHat) + c.epsilon());
            }
        }
        Shape shape = new Shape(SMALL.length);
        float[] gradient = new float[SMALL.length];
        try (AdamW adamw = new AdamW(c, manager); NDArray p = manager.zeros(shape)) {
            for (int t = 1; t <= steps; t++) {
                for (int i = 0; i < SMALL.length; i++) {
                    gradient[i] = (float) smallGradient(t, i);
                }
                boolean probe = t == 1 || t == steps;
                try (NDArray g = manager.create(gradient); NDArray fresh = manager.zeros(shape)) {
                    NDArray target = probe ? fresh : p;
                    adamw.step(Map.of("final_norm", target), Map.of("final_norm", g), lr);
                    if (probe) {
                        float[] got = target.toFloatArray();
                        for (int i = 0; i < SMALL.length; i++) {
                            double want = wantUpdate[t][i];
                            assertEquals(got[i], want, 1e-5 * Math.abs(want) + 1e-13,
                                    "update " + t + ", g = " + gradient[i]);
                        }
                    }
                }
            }
            assertEquals(adamw.stepCount(), steps);
        }
        // The two probes differ: at step 1000 the update is no longer ±lr·g/(|g|+ε) of the first step.
        assertTrue(Math.abs(wantUpdate[steps][1] - wantUpdate[1][1]) > 1e-3 * Math.abs(wantUpdate[1][1]));
    }
}
