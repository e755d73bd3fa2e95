package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import org.rlhf4j.model.sampling.KvCache;

/**
 * Causal multi-head self-attention with grouped-query attention (Ainslie et al. 2023) and rotary embeddings, no
 * biases: {@code softmax(q kᵀ / √headDim + bias) v}, where query head h reads key/value head {@code h / (H / KV)}
 * (the grouping of Hugging Face's {@code repeat_kv}). Grouping is done by reshaping the queries to
 * (B, KV, G·T, headDim) so keys and values are never copied per query head.
 *
 * <p>The query, key and value projections are one fused weight {@code [W_q; W_k; W_v]} ((H + 2·KV)·headDim, d),
 * so a step runs one matrix product instead of three, and the rotary embedding is applied to queries and keys
 * together. On disk they stay Hugging Face's {@code q_proj}, {@code k_proj} and {@code v_proj} ({@link LlamaModel}
 * concatenates at load and splits at save); gradients flow to the fused weight like to any other.
 */
public final class Attention extends LlamaBlock {

    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    final Parameter queryKeyValue;
    final Parameter output;

    Attention(LlamaConfig config) {
        numHeads = config.numHeads();
        numKvHeads = config.numKvHeads();
        headDim = config.headDim();
        queryKeyValue = weight("qkv_proj");
        output = weight("o_proj");
    }

    /**
     * The attention probabilities this layer computes in {@link #forward} without a cache, recomputed read-only
     * (for {@link AttentionProbe}; the forward pass itself never materialises them per head):
     * {@code softmax(q kᵀ / √headDim + bias)} per query head.
     *
     * @param x normalised hidden states (B, T, d)
     * @param bias additive attention bias (B or 1, 1, T, T)
     * @return (B, H, T, T): row (b, h, i) is query i's distribution over keys 0..T−1
     */
    NDArray probabilities(NDArray x, RotaryEmbedding rope, NDArray[] angles, NDArray bias, NDArray scale) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int groups = numHeads / numKvHeads;
        NDArray projected = Ops.linear(x, queryKeyValue.getArray())
                .reshape(b, t, numHeads + 2L * numKvHeads, headDim);
        NDArray qk = projected.split(new long[] {numHeads + numKvHeads}, 2).get(0);
        NDList qAndK = rope.apply(qk, angles).transpose(0, 2, 1, 3).split(new long[] {numHeads}, 1);
        NDArray grouped = qAndK.get(0).mul(scale).reshape(b, numKvHeads, groups * t, headDim); // (B, KV, G·T, hd)
        NDArray scores = grouped.matMul(qAndK.get(1).transpose(0, 1, 3, 2)) // (B, KV, G·T, T)
                .reshape(b, numHeads, t, t);
        return scores.add(bias).softmax(-1);
    }

    /**
     * @param x normalised hidden states (B, T, d)
     * @param rope rotary tables
     * @param angles cos/sin for the T new positions, from {@link RotaryEmbedding#contiguous} or
     *     {@link RotaryEmbedding#gather}
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
        NDArray projected = Ops.linear(x, queryKeyValue.getArray())
                .reshape(b, t, numHeads + 2L * numKvHeads, headDim); // (B, T, H+2KV, hd)
        NDList qkAndV = projected.split(new long[] {numHeads + numKvHeads}, 2);
        NDList qAndK = rope.apply(qkAndV.get(0), angles).transpose(0, 2, 1, 3) // (B, H+KV, T, hd)
                .split(new long[] {numHeads}, 1);
        NDArray q = qAndK.get(0); // (B, H, T, hd)
        NDArray k = qAndK.get(1); // (B, KV, T, hd)
        NDArray v = qkAndV.get(1).transpose(0, 2, 1, 3); // (B, KV, T, hd)
        if (cache != null) {
            NDArray[] cached = cache.append(layer, k, v); // (B, KV, S, hd) each
            k = cached[0];
            v = cached[1];
        }
        long s = k.getShape().get(2);
        // The scale goes on q (T·hd values) rather than on the scores (T·S): the same product, and for a power-of-two
        // 1/√headDim (head_dim 16, 64, 128) the same bits; measured 10% of a demo pretraining step before.
        NDArray grouped = q.mul(scale).reshape(b, numKvHeads, groups * t, headDim); // (B, KV, G·T, hd)
        NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)); // (B, KV, G·T, S)
        if (bias != null) {
            if (t == 1) {
                scores = scores.add(bias); // (B or 1, 1, 1, S) broadcasts over (B, KV, G, S)
            } else {
                scores = scores.reshape(b, numHeads, t, s).add(bias).reshape(b, numKvHeads, groups * t, s);
            }
        }
        NDArray context = scores.softmax(-1).matMul(v); // (B, KV, G·T, hd)
        NDArray merged = t == 1
                ? context.reshape(b, 1, (long) numHeads * headDim) // one position: heads are already in order
                : context.reshape(b, numHeads, t, headDim).transpose(0, 2, 1, 3)
                        .reshape(b, t, (long) numHeads * headDim); // (B, T, H·hd)
        return Ops.linear(merged, output.getArray());
    }
}
