package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

/**
 * SwiGLU feed-forward (Shazeer 2020): {@code W2( silu(W1 x) ⊙ W3 x )} with {@code silu(z) = z·σ(z)}; W1, W3 are
 * Hugging Face's {@code gate_proj}, {@code up_proj} and W2 its {@code down_proj}.
 *
 * <p>W1 and W3 are one fused weight {@code [W1; W3]} (2F, d), so both projections are one matrix product; on disk
 * they stay {@code gate_proj} and {@code up_proj} ({@link LlamaModel} concatenates at load and splits at save).
 */
public final class FeedForward extends LlamaBlock {

    final Parameter gateUp;
    final Parameter down;

    FeedForward() {
        gateUp = weight("gate_up_proj");
        down = weight("down_proj");
    }

    /** x: (B, T, d) → (B, T, d). */
    NDArray forward(NDArray x) {
        NDArray projected = Ops.linear(x, gateUp.getArray()); // (B, T, 2F)
        NDList gateAndUp = projected.split(2, projected.getShape().dimension() - 1); // (B, T, F) each
        NDArray g = gateAndUp.get(0);
        NDArray activated = g.mul(g.getNDArrayInternal().sigmoid()); // silu
        return Ops.linear(activated.mul(gateAndUp.get(1)), down.getArray());
    }
}
