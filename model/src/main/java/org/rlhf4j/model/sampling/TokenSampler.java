package org.rlhf4j.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.rlhf4j.model.Ops;

/**
 * Picks one token per row from next-token logits. Untruncated sampling runs entirely in libtorch (inverse CDF with
 * one uniform number per row drawn from a seeded Java generator) so that only 3·B numbers cross to Java per step,
 * and it touches the (B, V) logits in four passes (softmax, cumulative sum, compare, count), since at batch 32 the
 * sampler is a visible share of a decoding step; top-k/top-p sort the candidates in libtorch and truncate in Java.
 */
final class TokenSampler {

    /** The chosen tokens and their log-probs, per row. */
    record Picks(int[] tokens, float[] logProbs, float[] modelLogProbs) {}

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
        // Inverse CDF on the probabilities: index = #{v : cdf[v] < u·cdf[V−1]} (four passes over (B, V)).
        NDArray probabilities = scaled.softmax(-1); // (B, V)
        NDArray cdf = probabilities.cumSum(-1); // (B, V)
        long v = cdf.getShape().get(1);
        float[] u = new float[b];
        for (int i = 0; i < b; i++) {
            u[i] = (float) uniform(i);
        }
        // threshold ≤ cdf[V−1] (u ≤ 1), so cdf[V−1] < threshold never holds and the count is at most V−1.
        NDArray threshold = Ops.slice(cdf, 1, v - 1, v).mul(logits.getManager().create(u, new Shape(b, 1))); // (B, 1)
        NDArray index = cdf.lt(threshold).sum(new int[] {1}, true); // (B, 1) int64
        // Log-probs of the chosen tokens only: log p = z − logsumexp(z), without a log-softmax over (B, V).
        NDArray sampleLogProbs = probabilities.gather(index, 1).log();
        NDArray modelLogProbs = config.temperature() == 1.0
                ? sampleLogProbs
                : logits.gather(index, 1).sub(logSumExp(logits));
        return fromChosen(index, sampleLogProbs, modelLogProbs, b);
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
