package org.rlhf4j.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.Ops;

/**
 * Batched sampling with a KV cache. Prompts of different lengths are left-padded so every row's next token sits in
 * the same column; padded keys are masked and each row's positions count its real tokens only, so a row computes
 * exactly what it would alone. The prompt is run once (prefill); each further step feeds one token per row. Rows
 * that emitted EOS stop growing (they are fed the pad id and their outputs ignored); the loop ends when every row
 * has stopped or reached {@code maxNewTokens}.
 */
public final class KvCacheGenerator implements Generator {

    private final LlamaModel model;

    public KvCacheGenerator(LlamaModel model) {
        if (model.headKind() != HeadKind.CAUSAL_LM) {
            throw new IllegalArgumentException("sampling needs a causal-LM head");
        }
        this.model = model;
    }

    @Override
    public List<Completion> generate(List<int[]> prompts, SamplingConfig sampling, long seed) {
        return generate(prompts, sampling, new TokenSampler(sampling, seed));
    }

    /**
     * Like {@link #generate(List, SamplingConfig, long)}, but row r draws its random numbers from its own stream
     * seeded with {@code rowSeeds[r]}, so a row's sample does not depend on the other rows' seeds or order (the
     * contract sharded sampling builds on; the arithmetic of a row may still differ in the last bits with the batch
     * shape, so byte-identical results need identical batches).
     */
    public List<Completion> generate(List<int[]> prompts, SamplingConfig sampling, long[] rowSeeds) {
        if (rowSeeds.length != prompts.size()) {
            throw new IllegalArgumentException(rowSeeds.length + " row seeds for " + prompts.size() + " prompts");
        }
        return generate(prompts, sampling, new TokenSampler(sampling, rowSeeds));
    }

    private List<Completion> generate(List<int[]> prompts, SamplingConfig sampling, TokenSampler sampler) {
        int b = prompts.size();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        if (prompts.stream().anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("every prompt needs at least one token");
        }
        int total = longest + sampling.maxNewTokens() - 1;
        if (total > model.config().maxPositions()) {
            throw new IllegalArgumentException("prompt (" + longest + ") + maxNewTokens (" + sampling.maxNewTokens()
                    + ") exceeds the context length " + model.config().maxPositions());
        }
        JniUtils.setGradMode(false); // sampling never needs autograd, whatever thread runs it
        boolean padded = prompts.stream().anyMatch(p -> p.length != longest);
        boolean[][] keyValid = new boolean[b][longest + sampling.maxNewTokens()];
        long[] promptIds = new long[b * longest];
        long[] positions = new long[b * longest];
        int[] nextPosition = new int[b];
        for (int r = 0; r < b; r++) {
            int[] p = prompts.get(r);
            int offset = longest - p.length;
            Arrays.fill(promptIds, r * longest, r * longest + offset, sampling.padId());
            for (int j = 0; j < p.length; j++) {
                promptIds[r * longest + offset + j] = p[j];
                positions[r * longest + offset + j] = j;
                keyValid[r][offset + j] = true;
            }
            nextPosition[r] = p.length;
        }
        List<Rollout> rows = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            rows.add(new Rollout(sampling.maxNewTokens()));
        }
        try (NDManager manager = model.manager().newSubManager();
                KvCache cache = new KvCache(model.config().numLayers(), longest + sampling.maxNewTokens())) {
            // Only the prompts' left padding is ever masked, and it is known now: one bias row per sequence over the
            // whole capacity, of which each step reads the first S columns (a view). Keys that rows add after they
            // stopped are not masked: those rows' outputs are never used, and rows do not attend to each other.
            NDArray keyBias = padded
                    ? AttentionMask.keyPadding(manager, keyValidPadded(keyValid, longest))
                    : null; // (B, 1, 1, capacity)
            TokenSampler.Picks picks;
            try (NDScope step = new NDScope()) {
                NDArray ids = manager.create(promptIds, new Shape(b, longest));
                NDArray pos = padded ? manager.create(positions, new Shape(b, longest)) : null;
                NDArray bias = padded
                        ? AttentionMask.causalWithPadding(manager, sliceColumns(keyValid, longest))
                        : AttentionMask.causal(manager, longest);
                NDArray hidden = model.hiddenStates(ids, pos, bias, cache);
                NDArray last = model.logits(Ops.slice(hidden, 1, longest - 1, longest).reshape(b, -1)); // (B, V)
                picks = sampler.pick(last);
                NDScope.unregister(cache.arrays());
            }
            int length = longest;
            long[] next = new long[b];
            long[] nextPos = new long[b];
            for (int t = 0; ; t++) {
                boolean anyActive = false;
                for (int r = 0; r < b; r++) {
                    Rollout row = rows.get(r);
                    if (!row.finished) {
                        row.add(picks.tokens()[r], picks.logProbs()[r], picks.modelLogProbs()[r]);
                        if (sampling.stopAtEos() && picks.tokens()[r] == sampling.eosId()) {
                            row.finished = true;
                            row.endedWithEos = true;
                        } else if (row.size == sampling.maxNewTokens()) {
                            row.finished = true;
                        }
                    }
                    anyActive |= !row.finished;
                    next[r] = row.finished ? sampling.padId() : picks.tokens()[r];
                    nextPos[r] = nextPosition[r]++;
                }
                if (!anyActive) {
                    break;
                }
                length++;
                try (NDScope step = new NDScope()) {
                    NDArray ids = manager.create(next, new Shape(b, 1));
                    NDArray pos = padded ? manager.create(nextPos, new Shape(b, 1)) : null;
                    NDArray bias = padded ? Ops.slice(keyBias, 3, 0, length) : null; // (B, 1, 1, S)
                    NDArray hidden = model.hiddenStates(ids, pos, bias, cache); // (B, 1, d)
                    picks = sampler.pick(model.logits(hidden.reshape(b, hidden.getShape().get(2))));
                    NDScope.unregister(cache.arrays());
                }
            }
        }
        List<Completion> out = new ArrayList<>(b);
        for (Rollout row : rows) {
            out.add(row.toCompletion());
        }
        return out;
    }

    /** Per row, whether each of the capacity's columns is a real token: all but the prompt's left padding. */
    private static boolean[][] keyValidPadded(boolean[][] promptValid, int promptColumns) {
        boolean[][] out = new boolean[promptValid.length][];
        for (int r = 0; r < promptValid.length; r++) {
            out[r] = new boolean[promptValid[r].length];
            Arrays.fill(out[r], true);
            System.arraycopy(promptValid[r], 0, out[r], 0, promptColumns);
        }
        return out;
    }

    private static boolean[][] sliceColumns(boolean[][] valid, int columns) {
        boolean[][] out = new boolean[valid.length][];
        for (int r = 0; r < valid.length; r++) {
            out[r] = Arrays.copyOf(valid[r], columns);
        }
        return out;
    }

    /** One row's growing output. */
    private static final class Rollout {
        final int[] tokens;
        final float[] logProbs;
        final float[] modelLogProbs;
        int size;
        boolean finished;
        boolean endedWithEos;

        Rollout(int capacity) {
            tokens = new int[capacity];
            logProbs = new float[capacity];
            modelLogProbs = new float[capacity];
        }

        void add(int token, float logProb, float modelLogProb) {
            tokens[size] = token;
            logProbs[size] = logProb;
            modelLogProbs[size] = modelLogProb;
            size++;
        }

        Completion toCompletion() {
            return new Completion(Arrays.copyOf(tokens, size), Arrays.copyOf(logProbs, size),
                    Arrays.copyOf(modelLogProbs, size), endedWithEos);
        }
    }
}
