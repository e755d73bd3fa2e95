package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention biases: 0 where a query may attend to a key, {@link #MASKED} where it may not. A finite value
 * (not −∞) keeps fully masked rows (queries at padding positions) finite; their outputs are never used.
 */
public final class AttentionMask {

    /** Bias of a masked query/key pair; exp(−1e9) underflows to exactly 0 in float32. */
    public static final float MASKED = -1e9f;

    private AttentionMask() {}

    /** Causal bias (1, 1, T, T): query i sees keys 0..i. */
    public static NDArray causal(NDManager manager, int length) {
        float[] bias = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                bias[i * length + j] = MASKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, length, length));
    }

    /**
     * Causal bias (1, 1, T, S) for T new positions appended after {@code S − T} cached ones: new query i (position
     * S − T + i) sees keys 0 .. S − T + i.
     *
     * @param cached positions already in the KV cache (S − T)
     * @param length new positions T
     */
    public static NDArray causalAfter(NDManager manager, int cached, int length) {
        int s = cached + length;
        float[] bias = new float[length * s];
        for (int i = 0; i < length; i++) {
            for (int j = cached + i + 1; j < s; j++) {
                bias[i * s + j] = MASKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, length, s));
    }

    /**
     * Causal bias with padded keys masked (B, 1, T, T).
     *
     * @param keyValid per row, whether each of the T positions is a real token
     */
    public static NDArray causalWithPadding(NDManager manager, boolean[][] keyValid) {
        int b = keyValid.length;
        int t = keyValid[0].length;
        float[] bias = new float[b * t * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    if (j > i || !keyValid[r][j]) {
                        bias[(r * t + i) * t + j] = MASKED;
                    }
                }
            }
        }
        return manager.create(bias, new Shape(b, 1, t, t));
    }

    /**
     * Causal bias that also keeps attention inside each packed example (block-diagonal), (B, 1, T, T): query i sees
     * key j when j ≤ i and both carry the same segment id; segment id 0 (padding) sees only itself.
     */
    public static NDArray causalWithinSegments(NDManager manager, int[][] segmentIds) {
        int b = segmentIds.length;
        int t = segmentIds[0].length;
        float[] bias = new float[b * t * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    boolean visible = j <= i && (segmentIds[r][i] == segmentIds[r][j]) && (segmentIds[r][i] != 0 || j == i);
                    if (!visible) {
                        bias[(r * t + i) * t + j] = MASKED;
                    }
                }
            }
        }
        return manager.create(bias, new Shape(b, 1, t, t));
    }

    /** Bias (B, 1, 1, S) for one new query per row that may see every valid cached key. */
    public static NDArray keyPadding(NDManager manager, boolean[][] keyValid) {
        int b = keyValid.length;
        int s = keyValid[0].length;
        float[] bias = new float[b * s];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < s; j++) {
                if (!keyValid[r][j]) {
                    bias[r * s + j] = MASKED;
                }
            }
        }
        return manager.create(bias, new Shape(b, 1, 1, s));
    }
}
