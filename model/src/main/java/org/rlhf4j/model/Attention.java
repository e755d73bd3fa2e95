package org.rlhf4j.model;

import org.rlhf4j.model.sampling.KvCache;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * Causal multi-head self-attention with grouped-query attention (Ainslie et al. 2023) and rotary embeddings, no
 * biases: {@code softmax(q kᵀ / √headDim + bias) v}, where query head h reads key/value head {@code h / (H / KV)}
 * (the grouping of Hugging Face's {@code repeat_kv}). Grouping is done by reshaping the queries to
 * (B, KV, G·T, headDim) so keys and values are never copied per query head.
 */
public final class Attention extends LlamaBlock {

    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    final Parameter query;
    final Parameter key;
    final Parameter value;
    final Parameter output;

    Attention(LlamaConfig config) {
        numHeads = config.numHeads();
        numKvHeads = config.numKvHeads();
        headDim = config.headDim();
        query = weight("q_proj");
        key = weight("k_proj");
        value = weight("v_proj");
        output = weight("o_proj");
    }

    /**
     * @param x normalised hidden states (B, T, d)
     * @param rope rotary tables
     * @param angles cos/sin for the T new positions
     * @param bias additive attention bias (B or 1, 1, T, S) with 0 where allowed and a large negative value where
     *     masked, or null when every query may see every key (a single new token with no padding)
     * @param scale 1/√headDim as a scalar array
     * @param cache the layer's cache to extend, or null
     * @param layer layer index into the cache
     * @return attention output projected back to (B, T, d)
     */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray[] angles, NDArray bias, NDArray scale,
            KvCache cache, int layer) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int groups = numHeads / numKvHeads;
        NDArray q = rope.apply(heads(Ops.linear(x, query.getArray()), b, t, numHeads), angles); // (B, H, T, hd)
        NDArray k = rope.apply(heads(Ops.linear(x, key.getArray()), b, t, numKvHeads), angles); // (B, KV, T, hd)
        NDArray v = heads(Ops.linear(x, value.getArray()), b, t, numKvHeads); // (B, KV, T, hd)
        if (cache != null) {
            NDArray[] cached = cache.append(layer, k, v); // (B, KV, S, hd) each
            k = cached[0];
            v = cached[1];
        }
        long s = k.getShape().get(2);
        NDArray grouped = q.reshape(b, numKvHeads, groups * t, headDim); // (B, KV, G·T, hd)
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)).mul(scale); // (B, KV, G·T, S)
        if (bias != null) {
            scores = scores.reshape(b, numHeads, t, s).add(bias).reshape(b, numKvHeads, groups * t, s);
        }
        NDArray context = scores.softmax(-1).matMul(v); // (B, KV, G·T, hd)
        NDArray merged = context.reshape(b, numHeads, t, headDim).transpose(0, 2, 1, 3)
                .reshape(b, t, (long) numHeads * headDim); // (B, T, H·hd)
        return Ops.linear(merged, output.getArray());
    }

    /** (B, T, n·hd) → (B, n, T, hd). */
    private NDArray heads(NDArray projected, long b, long t, int n) {
        return projected.reshape(b, t, n, headDim).transpose(0, 2, 1, 3);
    }
}
