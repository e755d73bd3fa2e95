package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * SwiGLU feed-forward (Shazeer 2020): {@code W2( silu(W1 x) ⊙ W3 x )} with {@code silu(z) = z·σ(z)}; W1, W3 are
 * Hugging Face's {@code gate_proj}, {@code up_proj} and W2 its {@code down_proj}.
 */
public final class FeedForward extends LlamaBlock {

    final Parameter gate;
    final Parameter up;
    final Parameter down;

    FeedForward() {
        gate = weight("gate_proj");
        up = weight("up_proj");
        down = weight("down_proj");
    }

    /** x: (B, T, d) → (B, T, d). */
    NDArray forward(NDArray x) {
        NDArray g = Ops.linear(x, gate.getArray()); // (B, T, F)
        NDArray activated = g.mul(g.getNDArrayInternal().sigmoid()); // silu
        return Ops.linear(activated.mul(Ops.linear(x, up.getArray())), down.getArray());
    }
}
