package org.rlhf4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The machine's matrix-multiplication rate through DJL: float32 (n × n)·(n × n) products in GFLOP/s (2n³ floating
 * point operations each), the yardstick for reading batched rows as a share of the peak.
 */
final class GemmThroughput {

    private GemmThroughput() {}

    /** Two warm-up products, then as many as fit in about {@code seconds}; returns GFLOP/s. */
    static double measure(int n, double seconds) {
        SplittableRandom random = new SplittableRandom(3);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
            b[i] = (float) random.nextDouble(-1, 1);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(a, new Shape(n, n));
            NDArray y = manager.create(b, new Shape(n, n));
            for (int i = 0; i < 2; i++) {
                x.matMul(y).close();
            }
            int products = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                x.matMul(y).close();
                products++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < seconds * 1e9);
            return 2.0 * n * n * n * products / elapsed;
        }
    }
}
