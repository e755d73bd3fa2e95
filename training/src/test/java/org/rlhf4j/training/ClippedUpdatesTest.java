package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.Ops;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * Global-norm clipping pinned end to end: several updates of the real {@link TrainingLoop} on a linear model with a
 * squared-error loss must equal AdamW written out in double precision on the <em>clipped</em> gradients. One Adam
 * step barely depends on the gradient's scale (m̂ / √v̂ = g / |g|), so the run spans six updates whose pre-clip norms
 * differ by two orders of magnitude: rescaling them by different factors changes the whole trajectory.
 */
public class ClippedUpdatesTest {

    private static final int STEPS = 6;
    private static final double LR = 0.05;
    private static final double CLIP = 1.0;
    /** Per-step loss scales: pre-clip norms from below the bound to ~100× above it. */
    private static final double[] SCALE = {40.0, 0.05, 8.0, 150.0, 1.5, 20.0};
    private static final float[][] X = {{0.5f, -1.0f, 2.0f}, {1.5f, 0.25f, -0.5f}};
    private static final float[][] Y = {{1.0f, -2.0f}, {0.5f, 0.75f}};
    private static final float[] W0 = {0.3f, -0.2f, 0.1f, 0.4f, 0.0f, -0.6f}; // (2, 3) row-major
    private static final float[] B0 = {0.05f, -0.1f};

    private NDManager manager;

    @BeforeMethod
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterMethod
    public void close() {
        manager.close();
    }

    /** Linear 3 → 2 with bias, set to W0, B0. Parameter names: "weight" (decayed), "bias" (exempt). */
    private Block linear() {
        Block block = Linear.builder().setUnits(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        block.getParameters().get("weight").getArray().set(W0);
        block.getParameters().get("bias").getArray().set(B0);
        return block;
    }

    /**
     * Micro-batch (t, i) = example i of update t; loss = s_t · ½‖W x_i + b − y_i‖², so ∂L/∂W = s_t r xᵢᵀ and
     * ∂L/∂b = s_t r with r = W x_i + b − y_i. Two micro-batches per update (weight 1 each): clipping acts on their mean.
     */
    private static StepFunction<int[]> loss(Block block) {
        return (tAndI, context) -> {
            NDManager m = context.manager();
            int t = tAndI[0];
            int i = tAndI[1];
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.create(X[i], new Shape(1, 3))),
                    true).singletonOrThrow();                                           // (1, 2)
            NDArray residual = out.sub(m.create(Y[i], new Shape(1, 2)));
            return MicroBatchLoss.of(Ops.scale(residual.square().sum(), 0.5 * SCALE[t]));
        };
    }

    /** Micro-batches (t, 0), (t, 1) for update t. */
    private static final class Data implements TrainingData<int[]> {
        private long position;

        @Override
        public int[] next() {
            int[] out = {(int) (position / 2), (int) (position % 2)};
            position++;
            return out;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void seek(long position) {
            this.position = position;
        }
    }

    /** The hand computation: parameters after STEPS updates (W then b) and each update's pre-clip norm. */
    private static double[][] reference(boolean clip) {
        double[] w = new double[6];
        double[] b = new double[2];
        for (int j = 0; j < 6; j++) {
            w[j] = W0[j];
        }
        b[0] = B0[0];
        b[1] = B0[1];
        double[] mw = new double[6];
        double[] vw = new double[6];
        double[] mb = new double[2];
        double[] vb = new double[2];
        double[] norms = new double[STEPS];
        AdamWConfig c = AdamWConfig.llama2();
        for (int t = 0; t < STEPS; t++) {
            double[] gw = new double[6];
            double[] gb = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 2; o++) {
                    double r = b[o] - Y[i][o];
                    for (int k = 0; k < 3; k++) {
                        r += w[o * 3 + k] * X[i][k];
                    }
                    r *= SCALE[t] * 0.5; // mean of the two micro-batches
                    gb[o] += r;
                    for (int k = 0; k < 3; k++) {
                        gw[o * 3 + k] += r * X[i][k];
                    }
                }
            }
            double sq = 0;
            for (double g : gw) {
                sq += g * g;
            }
            for (double g : gb) {
                sq += g * g;
            }
            norms[t] = Math.sqrt(sq);
            double factor = clip && norms[t] > CLIP ? CLIP / (norms[t] + GlobalNormClipping.EPSILON) : 1.0;
            int step = t + 1;
            double bc1 = 1 - Math.pow(c.beta1(), step);
            double bc2 = 1 - Math.pow(c.beta2(), step);
            for (int j = 0; j < 6; j++) {
                double g = gw[j] * factor;
                w[j] -= LR * c.weightDecay() * w[j];
                mw[j] = c.beta1() * mw[j] + (1 - c.beta1()) * g;
                vw[j] = c.beta2() * vw[j] + (1 - c.beta2()) * g * g;
                w[j] -= LR * (mw[j] / bc1) / (Math.sqrt(vw[j] / bc2) + c.epsilon());
            }
            for (int o = 0; o < 2; o++) {
                double g = gb[o] * factor;
                mb[o] = c.beta1() * mb[o] + (1 - c.beta1()) * g;
                vb[o] = c.beta2() * vb[o] + (1 - c.beta2()) * g * g;
                b[o] -= LR * (mb[o] / bc1) / (Math.sqrt(vb[o] / bc2) + c.epsilon());
            }
        }
        return new double[][] {w, b, norms};
    }

    @Test
    public void sixUpdatesEqualAdamWOnTheClippedGradients() throws IOException {
        Block block = linear();
        TrainingConfig config = new TrainingConfig(STEPS, 1, 2, ScheduleConfig.constant(LR), AdamWConfig.llama2(),
                CLIP, 0, 1, 1, 3L, false);
        Path dir = Files.createTempDirectory("clipped");
        new TrainingLoop<>(block, manager, new Data(), loss(block), config, dir,
                new TrainingLoop.RunDescription("test-run", "test", Map.of(), List.of(), List.of())).run();

        double[][] want = reference(true);
        float[] w = block.getParameters().get("weight").getArray().toFloatArray();
        float[] b = block.getParameters().get("bias").getArray().toFloatArray();
        double tolerance = 2e-6;
        for (int j = 0; j < 6; j++) {
            assertEquals(w[j], want[0][j], tolerance, "weight[" + j + "]");
        }
        for (int o = 0; o < 2; o++) {
            assertEquals(b[o], want[1][o], tolerance, "bias[" + o + "]");
        }

        // The logged grad_norm is the norm before clipping, step by step.
        List<String> csv = Files.readAllLines(dir.resolve(MetricsCsv.FILE_NAME));
        assertEquals(csv.size(), STEPS + 1);
        int normColumn = List.of(csv.get(0).split(",")).indexOf("grad_norm");
        int above = 0;
        for (int t = 0; t < STEPS; t++) {
            double logged = Double.parseDouble(csv.get(t + 1).split(",")[normColumn]);
            assertEquals(logged, want[2][t], 1e-5 * want[2][t], "pre-clip norm of update " + (t + 1));
            above += want[2][t] > CLIP ? 1 : 0;
        }
        assertTrue(above >= 4 && above < STEPS, "most updates clip, one does not: " + above);

        // Not vacuous: the same updates without clipping end far outside the tolerance.
        double[][] unclipped = reference(false);
        double largest = 0;
        for (int j = 0; j < 6; j++) {
            largest = Math.max(largest, Math.abs(unclipped[0][j] - want[0][j]));
        }
        assertTrue(largest > 1000 * tolerance, "clipping must change the trajectory here, max diff " + largest);
    }
}
