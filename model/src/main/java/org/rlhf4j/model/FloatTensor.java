package org.rlhf4j.model;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A named-free float32 tensor on the Java side: a shape and its row-major values. Used between checkpoint files and
 * NDArrays; the buffer may be a memory-mapped view of a file.
 *
 * @param shape dimensions, outermost first
 * @param data {@code product(shape)} values, row-major, position 0 .. limit
 */
public record FloatTensor(long[] shape, FloatBuffer data) {

    public FloatTensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (data.remaining() != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, buffer holds " + data.remaining());
        }
        shape = shape.clone();
    }

    /** Wraps a float array. */
    public static FloatTensor of(long[] shape, float[] values) {
        return new FloatTensor(shape, FloatBuffer.wrap(values));
    }

    /** Number of elements. */
    public long size() {
        return data.remaining();
    }

    /** Copies the values into a new array. */
    public float[] toArray() {
        float[] out = new float[data.remaining()];
        data.duplicate().get(out);
        return out;
    }
}
