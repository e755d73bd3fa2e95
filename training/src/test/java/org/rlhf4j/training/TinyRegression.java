package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny regression problem for the loop tests: 64 fixed examples x ∈ R⁴ → y ∈ R², an MLP 4 → 8 (tanh) → 2
 * initialised from a seeded {@link Random} (independent of libtorch's generator), and micro-batches of varying size
 * so that the accumulation weights matter.
 */
final class TinyRegression {

    static final int EXAMPLES = 64;
    static final float[][] X = new float[EXAMPLES][4];
    static final float[][] Y = new float[EXAMPLES][2];

    static {
        Random r = new Random(7);
        for (int i = 0; i < EXAMPLES; i++) {
            for (int j = 0; j < 4; j++) {
                X[i][j] = (float) r.nextGaussian();
            }
            Y[i][0] = (float) Math.sin(X[i][0] + X[i][1]);
            Y[i][1] = X[i][2] * X[i][3] * 0.5f;
        }
    }

    private TinyRegression() {}

    /** The MLP, initialised deterministically from {@code seed}. */
    static Block mlp(NDManager manager, long seed) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(Activation.tanhBlock())
                .add(Linear.builder().setUnits(2).build());
        Random r = new Random(seed);
        Initializer init = (m, shape, type) -> {
            float[] v = new float[(int) shape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.4 * r.nextGaussian());
            }
            return m.create(v, shape);
        };
        block.setInitializer(init, Parameter.Type.WEIGHT);
        block.setInitializer(init, Parameter.Type.BIAS);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return block;
    }

    /** Copies of every parameter's values, by name. */
    static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /** Rows of micro-batch {@code p}: 2, 3 or 4 consecutive examples (wrapping). */
    static int[] rowsOf(long p) {
        int size = 2 + (int) (p % 3);
        int[] rows = new int[size];
        for (int j = 0; j < size; j++) {
            rows[j] = (int) ((p * 5 + j) % EXAMPLES);
        }
        return rows;
    }

    /** Micro-batch p = {@link #rowsOf}(p); optionally {@code merge} consecutive ones into one. */
    static final class Data implements TrainingData<int[]> {
        private final int merge;
        private long position;

        Data(int merge) {
            this.merge = merge;
        }

        @Override
        public int[] next() {
            int[] all = new int[0];
            for (int i = 0; i < merge; i++) {
                int[] rows = rowsOf(position * merge + i);
                int[] joined = java.util.Arrays.copyOf(all, all.length + rows.length);
                System.arraycopy(rows, 0, joined, all.length, rows.length);
                all = joined;
            }
            position++;
            return all;
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

    /**
     * Mean squared error over the micro-batch's rows (weight = rows). With {@code inputNoise} > 0 the inputs get
     * Gaussian noise from the run's generator, so a resume must restore it. Reports mean_abs_error as an extra metric.
     */
    static StepFunction<int[]> meanSquaredError(Block block, double inputNoise) {
        return new StepFunction<>() {
            @Override
            public MicroBatchLoss loss(int[] rows, StepContext context) {
                NDManager m = context.manager();
                float[][] x = new float[rows.length][];
                float[][] y = new float[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    x[i] = X[rows[i]].clone();
                    y[i] = Y[rows[i]];
                    for (int j = 0; j < x[i].length && inputNoise > 0; j++) {
                        x[i][j] += (float) (inputNoise * context.random().nextGaussian());
                    }
                }
                NDArray prediction = block.forward(new ParameterStore(m, false), new NDList(m.create(x)), true)
                        .singletonOrThrow();                                     // (B, 2)
                NDArray error = prediction.sub(m.create(y));
                NDArray loss = error.square().sum(new int[] {1}).mean();          // mean over rows
                double mae = error.abs().mean().getFloat();
                return new MicroBatchLoss(loss, Map.of("mean_abs_error", mae));
            }

            @Override
            public double weight(int[] rows) {
                return rows.length;
            }

            @Override
            public long tokens(int[] rows) {
                return rows.length;
            }
        };
    }
}
