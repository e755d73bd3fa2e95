package org.rlhf4j.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.rlhf4j.model.Ops;

/**
 * Picks one token per row from next-token logits. Untruncated sampling is an inverse CDF with one uniform number per
 * row drawn from a seeded Java generator, in two levels (blocks of tokens, then a token inside the chosen block), so
 * that the (B, V) logits are read in two passes in libtorch and only about B·(V/128 + 128) numbers cross to
 * Java per step (at batch 32 the sampler is a visible share of a decoding step); top-k/top-p sort the candidates in
 * libtorch and truncate in Java.
 */
final class TokenSampler {

    /** The chosen tokens and their log-probs, per row. */
    record Picks(int[] tokens, float[] logProbs, float[] modelLogProbs) {}

    /** Tokens per block of the two-level inverse CDF (the vocabulary of 32000 is 250 blocks). */
    private static final int BLOCK = 128;

    private final SamplingConfig config;
    private final SplittableRandom random;
    private final SplittableRandom[] rowRandoms;

    /** One random stream for the batch: each step draws the rows' numbers in row order. */
    TokenSampler(SamplingConfig config, long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.rowRandoms = null;
    }

    /**
     * One random stream per row, so a row's tokens do not depend on which other rows share its batch.
     *
     * @param rowSeeds one seed per row
     */
    TokenSampler(SamplingConfig config, long[] rowSeeds) {
        this.config = config;
        this.random = null;
        this.rowRandoms = new SplittableRandom[rowSeeds.length];
        for (int r = 0; r < rowSeeds.length; r++) {
            rowRandoms[r] = new SplittableRandom(rowSeeds[r]);
        }
    }

    /** The next uniform number in [0, 1) for row {@code r}. */
    private double uniform(int r) {
        return rowRandoms != null ? rowRandoms[r].nextDouble() : random.nextDouble();
    }

    /** @param logits (B, V) float32 next-token logits */
    Picks pick(NDArray logits) {
        int b = Math.toIntExact(logits.getShape().get(0));
        if (config.isGreedy()) {
            NDArray index = logits.argMax(-1).reshape(b, 1); // (B, 1) int64
            return fromIndex(index, null, logits.logSoftmax(-1), b);
        }
        NDArray scaled = config.temperature() == 1.0
                ? logits
                : logits.mul(logits.getManager().create((float) (1.0 / config.temperature())));
        if (config.isTruncated()) {
            return truncated(scaled.logSoftmax(-1), logits.logSoftmax(-1), b);
        }
        return inverseCdf(logits, scaled, b);
    }

    /**
     * Untruncated sampling by inverse CDF in two levels, so that the (B, V) scores are read in two passes (softmax;
     * sums over blocks of {@link #BLOCK} tokens) and nothing of size V is sorted, accumulated or copied to Java: the
     * block sums cross to Java, which finds each row's block, and then only that block's probabilities do, in which
     * Java finds the token. Row r's token is the first v whose running sum of probabilities p = softmax(z/T) exceeds
     * u·Σp (u uniform in [0, 1) from the row's stream; Σp is 1 up to rounding), i.e. it is drawn with probability
     * p_v / Σp.
     *
     * @param logits (B, V) raw logits z
     * @param scaled z / T (the same array as {@code logits} when T = 1)
     */
    private Picks inverseCdf(NDArray logits, NDArray scaled, int b) {
        NDManager manager = logits.getManager();
        int vocab = Math.toIntExact(scaled.getShape().get(1));
        int block = Math.min(BLOCK, vocab);
        int full = vocab / block;
        int tail = vocab - full * block;
        NDArray weights = scaled.softmax(-1); // (B, V)
        NDList columns = new NDList(Ops.slice(weights, 1, 0, (long) full * block).reshape(b, full, block)
                .sum(new int[] {2})); // (B, full)
        if (tail > 0) {
            columns.add(Ops.slice(weights, 1, (long) full * block, vocab).sum(new int[] {1}, true)); // (B, 1)
        }
        boolean tempered = scaled != logits;
        if (tempered) {
            columns.add(logSumExp(logits)); // (B, 1): the model's log-normaliser, at T = 1
        }
        int blocks = full + (tail > 0 ? 1 : 0);
        int width = blocks + (tempered ? 1 : 0);
        float[] first = (columns.size() == 1 ? columns.get(0) : NDArrays.concat(columns, 1)).toFloatArray();
        double[] threshold = new double[b];
        double[] total = new double[b];
        double[] before = new double[b];
        long[] start = new long[b];
        long[] gatherIndex = new long[b * block];
        for (int r = 0; r < b; r++) {
            for (int k = 0; k < blocks; k++) {
                total[r] += first[r * width + k];
            }
            threshold[r] = uniform(r) * total[r];
            int chosen = blocks - 1;
            double running = 0;
            for (int k = 0; k < blocks; k++) {
                float sum = first[r * width + k];
                if (sum > 0 && running + sum > threshold[r]) {
                    chosen = k;
                    break;
                }
                running += sum;
            }
            if (running + first[r * width + chosen] <= threshold[r]) { // rounding ran past the end: last mass
                while (chosen > 0 && first[r * width + chosen] <= 0) {
                    chosen--;
                }
                running = 0;
                for (int k = 0; k < chosen; k++) {
                    running += first[r * width + k];
                }
            }
            before[r] = running;
            start[r] = (long) chosen * block;
            for (int j = 0; j < block; j++) {
                gatherIndex[r * block + j] = Math.min(start[r] + j, vocab - 1);
            }
        }
        NDArray index = manager.create(gatherIndex, new Shape(b, block));
        NDList second = new NDList(weights.gather(index, 1)); // (B, block)
        if (tempered) {
            second.add(logits.gather(index, 1)); // (B, block) raw logits of the same tokens
        }
        float[] candidates = (second.size() == 1 ? second.get(0) : NDArrays.concat(second, 1)).toFloatArray();
        int stride = second.size() * block;
        Picks picks = new Picks(new int[b], new float[b], new float[b]);
        for (int r = 0; r < b; r++) {
            int size = (int) Math.min(block, vocab - start[r]);
            int choice = -1;
            int lastPositive = -1;
            double running = before[r];
            for (int j = 0; j < size; j++) {
                float w = candidates[r * stride + j];
                if (w > 0) {
                    lastPositive = j;
                    running += w;
                    if (running > threshold[r]) {
                        choice = j;
                        break;
                    }
                }
            }
            if (choice < 0) { // the block's sum in float rounded above the running sum here: its last mass
                choice = lastPositive;
            }
            picks.tokens[r] = (int) (start[r] + choice);
            double logProb = Math.log(candidates[r * stride + choice]) - Math.log(total[r]);
            picks.logProbs[r] = (float) logProb;
            picks.modelLogProbs[r] = tempered
                    ? candidates[r * stride + block + choice] - first[r * width + blocks]
                    : (float) logProb;
        }
        return picks;
    }

    /** log Σ exp(z) per row, stable: max + log Σ exp(z − max). (B, V) → (B, 1). */
    private static NDArray logSumExp(NDArray logits) {
        NDArray max = logits.max(new int[] {1}, true);
        return logits.sub(max).exp().sum(new int[] {1}, true).log().add(max);
    }

    private Picks fromIndex(NDArray index, NDArray sampleLogProbs, NDArray modelLogProbs, int b) {
        return fromChosen(index, sampleLogProbs == null ? null : sampleLogProbs.gather(index, 1),
                modelLogProbs.gather(index, 1), b);
    }

    /** Collects (B, 1) chosen indices and their (B, 1) log-probs into Java arrays with one transfer. */
    private Picks fromChosen(NDArray index, NDArray sampleLogProbs, NDArray modelLogProbs, int b) {
        NDList columns = new NDList(index.toType(DataType.FLOAT32, false), modelLogProbs);
        if (sampleLogProbs != null) {
            columns.add(sampleLogProbs);
        }
        float[] flat = NDArrays.concat(columns, 1).toFloatArray(); // (B, 2 or 3) row-major
        int width = columns.size();
        Picks picks = new Picks(new int[b], new float[b], new float[b]);
        for (int i = 0; i < b; i++) {
            picks.tokens[i] = (int) flat[i * width];
            picks.modelLogProbs[i] = flat[i * width + 1];
            picks.logProbs[i] = sampleLogProbs == null ? 0f : flat[i * width + 2];
        }
        return picks;
    }

    /** Top-k then top-p over the candidates sorted by probability, renormalised; sampled in Java. */
    private Picks truncated(NDArray sampleLogProbs, NDArray modelLogProbs, int b) {
        int vocab = Math.toIntExact(sampleLogProbs.getShape().get(1));
        int k = config.topK() > 0 ? Math.min(config.topK(), vocab) : vocab;
        NDList top = sampleLogProbs.topK(k, -1, true, true); // values (B, k) descending, indices (B, k)
        float[] values = top.get(0).toFloatArray();
        long[] indices = top.get(1).toType(DataType.INT64, false).toLongArray();
        float[] model = modelLogProbs.toFloatArray();
        Picks picks = new Picks(new int[b], new float[b], new float[b]);
        for (int r = 0; r < b; r++) {
            int kept = 0;
            double mass = 0;
            while (kept < k && (kept == 0 || mass < config.topP())) {
                mass += Math.exp(values[r * k + kept]);
                kept++;
            }
            double u = uniform(r) * mass;
            double cumulative = 0;
            int choice = kept - 1;
            for (int j = 0; j < kept; j++) {
                cumulative += Math.exp(values[r * k + j]);
                if (u < cumulative) {
                    choice = j;
                    break;
                }
            }
            int token = (int) indices[r * k + choice];
            picks.tokens[r] = token;
            picks.logProbs[r] = (float) (values[r * k + choice] - Math.log(mass));
            picks.modelLogProbs[r] = model[r * vocab + token];
        }
        return picks;
    }

}
