package org.rlhf4j.model;

import org.rlhf4j.model.sampling.KvCache;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * One pre-normalised Llama decoder layer: {@code h = x + Attention(RMSNorm(x))}, {@code out = h + FFN(RMSNorm(h))}.
 */
public final class DecoderLayer extends LlamaBlock {

    final Attention attention;
    final FeedForward feedForward;
    final Parameter inputNorm;
    final Parameter postAttentionNorm;

    DecoderLayer(LlamaConfig config) {
        attention = addChildBlock("self_attn", new Attention(config));
        feedForward = addChildBlock("mlp", new FeedForward());
        inputNorm = weight("input_layernorm");
        postAttentionNorm = weight("post_attention_layernorm");
    }

    /** x: (B, T, d) → (B, T, d); see {@link Attention#forward} for the other arguments. */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray[] angles, NDArray bias, NDArray scale, NDArray eps,
            KvCache cache, int layer) {
        NDArray h = x.add(attention.forward(
                RmsNorm.apply(x, inputNorm.getArray(), eps), rope, angles, bias, scale, cache, layer));
        return h.add(feedForward.forward(RmsNorm.apply(h, postAttentionNorm.getArray(), eps)));
    }
}
