package org.rlhf4j.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.Ops;

/**
 * One sequence decoded incrementally with a KV cache that lives as long as the session: text is fed in pieces
 * ({@link #feed}), each piece costs only its own positions, and {@link #sample} draws the next token from the logits
 * after the last fed token. A multi-turn chat feeds each new user turn after the previous answer instead of
 * re-encoding the history. The cache holds the model's whole context; {@link #remaining()} says how much is left.
 *
 * <p>Sampling follows {@link SamplingConfig}'s temperature, top-p and top-k (its token limit and EOS are the
 * caller's business), with one seeded generator for the session's life, so the same feeds and seed give the same
 * tokens. Not thread-safe; close it to free the cache.
 */
public final class KvCacheSession implements AutoCloseable {

    private final LlamaModel model;
    private final NDManager manager;
    private final TokenSampler sampler;
    private final int capacity;
    private KvCache cache;
    private NDArray lastLogits; // (1, V) after the last fed token, or null before the first feed

    /**
     * @param model a causal-LM model (the session does not own it)
     * @param sampling temperature, top-p and top-k to sample with
     * @param seed sampling seed
     */
    public KvCacheSession(LlamaModel model, SamplingConfig sampling, long seed) {
        if (model.headKind() != HeadKind.CAUSAL_LM) {
            throw new IllegalArgumentException("sampling needs a causal-LM head");
        }
        this.model = model;
        this.manager = model.manager().newSubManager();
        this.sampler = new TokenSampler(sampling, seed);
        this.capacity = model.config().maxPositions();
        this.cache = new KvCache(model.config().numLayers(), capacity);
    }

    /** Positions in the cache. */
    public int length() {
        return (int) cache.length();
    }

    /** Positions still free in the model's context. */
    public int remaining() {
        return capacity - length();
    }

    /**
     * Runs {@code ids} through the model after everything fed so far (one forward pass over their positions).
     *
     * @throws IllegalStateException when they do not fit in the remaining context (nothing is fed then)
     */
    public void feed(int... ids) {
        if (ids.length == 0) {
            return;
        }
        if (ids.length > remaining()) {
            throw new IllegalStateException(ids.length + " tokens do not fit in the remaining context ("
                    + remaining() + " of " + capacity + ")");
        }
        JniUtils.setGradMode(false);
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        int cached = length();
        try (NDScope step = new NDScope()) {
            NDArray tokens = manager.create(longs, new Shape(1, ids.length));
            NDArray bias = ids.length == 1 ? null : AttentionMask.causalAfter(manager, cached, ids.length);
            NDArray hidden = model.hiddenStates(tokens, null, bias, cache); // (1, T, d)
            NDArray logits = model.logits(Ops.slice(hidden, 1, ids.length - 1, ids.length)
                    .reshape(1, hidden.getShape().get(2))); // (1, V)
            NDScope.unregister(cache.arrays());
            NDScope.unregister(logits);
            if (lastLogits != null) {
                lastLogits.close();
            }
            lastLogits = logits;
        }
    }

    /** Draws the next token after the last fed one (without feeding it). */
    public int sample() {
        if (lastLogits == null) {
            throw new IllegalStateException("feed at least one token before sampling");
        }
        try (NDScope step = new NDScope()) {
            return sampler.pick(lastLogits).tokens()[0];
        }
    }

    /** Empties the cache (a new conversation); the sampler's generator continues. */
    public void reset() {
        cache.close();
        cache = new KvCache(model.config().numLayers(), capacity);
        if (lastLogits != null) {
            lastLogits.close();
            lastLogits = null;
        }
    }

    @Override
    public void close() {
        cache.close();
        manager.close();
    }
}
