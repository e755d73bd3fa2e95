package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings (Su et al. 2021) in the "rotate half" convention of Hugging Face Llama checkpoints:
 * {@code rope(x) = x ⊙ cos + rotateHalf(x) ⊙ sin}, with {@code rotateHalf([x1, x2]) = [−x2, x1]} over the two halves
 * of a head, and angle {@code pos · θ^(−2i/headDim)} for frequency i, repeated over both halves.
 *
 * <p>{@code rotateHalf} is a fixed signed permutation, applied as one matrix product with {@link #rotateHalf} so the
 * whole embedding is four tensor operations.
 */
public final class RotaryEmbedding implements AutoCloseable {

    private final NDArray cos; // (maxPositions, 1, headDim)
    private final NDArray sin; // (maxPositions, 1, headDim)
    private final NDArray rotateHalf; // (headDim, headDim): x @ R = [−x2, x1]
    private final int maxPositions;

    public RotaryEmbedding(NDManager manager, int headDim, int maxPositions, double theta) {
        this.maxPositions = maxPositions;
        int half = headDim / 2;
        float[] cosValues = new float[maxPositions * headDim];
        float[] sinValues = new float[maxPositions * headDim];
        for (int i = 0; i < half; i++) {
            // Same float arithmetic as transformers: inv_freq in float32, then pos * inv_freq.
            float invFreq = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
            for (int pos = 0; pos < maxPositions; pos++) {
                float angle = pos * invFreq;
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cosValues[pos * headDim + i] = c;
                cosValues[pos * headDim + half + i] = c;
                sinValues[pos * headDim + i] = s;
                sinValues[pos * headDim + half + i] = s;
            }
        }
        float[] r = new float[headDim * headDim];
        for (int i = 0; i < half; i++) {
            r[(half + i) * headDim + i] = -1f; // out[i] = −x[half + i]
            r[i * headDim + half + i] = 1f; // out[half + i] = x[i]
        }
        this.cos = manager.create(cosValues, new Shape(maxPositions, 1, headDim));
        this.sin = manager.create(sinValues, new Shape(maxPositions, 1, headDim));
        this.rotateHalf = manager.create(r, new Shape(headDim, headDim));
    }

    /**
     * Angles for positions {@code start .. start+length-1}, shared by every row: two (length, 1, headDim) views of
     * the tables (no copy) that broadcast over rows and heads.
     */
    public NDArray[] contiguous(int start, int length) {
        checkRange(start + length);
        return new NDArray[] {Ops.slice(cos, 0, start, start + length), Ops.slice(sin, 0, start, start + length)};
    }

    /** Angles for per-row positions (B, T) (int64): two (B, T, 1, headDim) arrays that broadcast over heads. */
    public NDArray[] gather(NDArray positions) {
        return new NDArray[] {cos.get(positions), sin.get(positions)};
    }

    /**
     * @param x queries or keys in the projection's layout (B, T, heads, headDim)
     * @param angles cos and sin from {@link #contiguous} or {@link #gather}
     * @return x rotated, same shape
     */
    public NDArray apply(NDArray x, NDArray[] angles) {
        return x.mul(angles[0]).add(x.matMul(rotateHalf).mul(angles[1]));
    }

    private void checkRange(int end) {
        if (end > maxPositions) {
            throw new IllegalArgumentException(
                    "position " + (end - 1) + " is beyond the context length " + maxPositions);
        }
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
        rotateHalf.close();
    }
}
