package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;

/** Thin access to the two fused PyTorch kernels the model needs that {@link NDArray} does not expose directly. */
final class Ops {

    private Ops() {}

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
}
