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
}
