package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Thin access to the PyTorch kernels the model needs that {@link NDArray} does not expose directly, or exposes only
 * through slower general paths (an {@code NDIndex} is parsed from a string and built with several native calls; a
 * slice here is one native call).
 */
public final class Ops {

    private Ops() {}

    /**
     * {@code x · factor}, safe to back-propagate through. Use this, not {@code x.mul(Number)}, wherever the product
     * may be differentiated: DJL makes the scalar over a Java direct buffer (PyTorch's {@code from_blob}, no copy)
     * and closes it as soon as the product exists, while autograd keeps that scalar for the backward pass; once the
     * garbage collector frees the buffer, the backward pass reads freed memory (measured: a pretraining run's first
     * gradient scaled by ~4e-29, or NaN, in about one run in three). The scalar made here is libtorch's own memory,
     * kept alive by autograd's reference.
     */
    public static NDArray scale(NDArray x, double factor) {
        try (NDArray s = scalarLike(x, factor)) {
            return x.mul(s);
        }
    }

    /** {@code x / divisor}, safe to back-propagate through (see {@link #scale}). */
    public static NDArray divide(NDArray x, double divisor) {
        try (NDArray s = scalarLike(x, divisor)) {
            return x.div(s);
        }
    }

    /** A 0-dimensional array holding {@code value}, of x's type and device, in libtorch's own memory. */
    public static NDArray scalarLike(NDArray x, double value) {
        return x.getManager().full(new Shape(), (float) value, x.getDataType());
    }

    /** {@code x W^T} for a weight in Hugging Face's (out, in) layout. x: (..., in) → (..., out). */
    static NDArray linear(NDArray x, NDArray weight) {
        return x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow();
    }

    /** Rows of {@code table} (V, d) picked by integer {@code ids} (...) → (..., d); differentiable in the table. */
    static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal()
                .embedding(ids, table, ai.djl.ndarray.types.SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /** The view {@code x[..., start:end, ...]} along {@code axis} (no copy; one native call). */
    public static NDArray slice(NDArray x, int axis, long start, long end) {
        return JniUtils.slice((PtNDArray) x, axis, start, end, 1);
    }

    /**
     * Writes {@code value} into {@code x[..., start:end, ...]} along {@code axis}, in place (one native call).
     *
     * @param value an array of the slot's shape
     */
    public static void setSlice(NDArray x, int axis, long start, long end, NDArray value) {
        int rank = x.getShape().dimension();
        long[] min = new long[rank];
        long[] max = x.getShape().getShape().clone();
        long[] step = new long[rank];
        java.util.Arrays.fill(step, 1);
        min[axis] = start;
        max[axis] = end;
        JniUtils.indexSet((PtNDArray) x, (PtNDArray) value, min, max, step);
    }
}
