package org.rlhf4j.ppo;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * WHITEN of the paper's {@code R̃c = WHITEN(LOGIT(Rc))} (Llama 2 §3.2.3, METHOD.md §6), and the whitening of the
 * advantages over a rollout batch:
 *
 * <pre>
 *   WHITEN(x) = (x − μ) / (σ + 1e-8)
 * </pre>
 *
 * with μ and the population standard deviation σ computed by Apache Commons Math ({@link SummaryStatistics}).
 * Where the scores' μ and σ come from the paper leaves open; {@link Statistics#RUNNING} (the default) uses every
 * score seen so far, the current batch included (so the first batch is whitened by its own statistics), and
 * {@link Statistics#BATCH} the current batch only.
 *
 * <p>The running state is the sequence of scores seen; {@link #seen()} and {@link #restore} round-trip it exactly
 * (the statistics are rebuilt by adding the same values in the same order), which a resumed run needs.
 */
public final class Whitening {

    /** Added to σ so a constant batch does not divide by zero. */
    public static final double EPSILON = 1e-8;

    /** Where the scores' whitening statistics come from. */
    public enum Statistics {
        /** Every score seen so far in the run, the current batch included (default). */
        RUNNING,
        /** The current batch of scores only. */
        BATCH
    }

    private final Statistics statistics;
    private SummaryStatistics running = new SummaryStatistics();
    private double[] seen = new double[0];
    private int seenCount;

    /** A whitener with no scores seen yet. */
    public Whitening(Statistics statistics) {
        if (statistics == null) {
            throw new IllegalArgumentException("statistics must be RUNNING or BATCH");
        }
        this.statistics = statistics;
    }

    /**
     * Adds a batch of scores to the running statistics and whitens them.
     *
     * @param scores (N) raw head outputs LOGIT(Rc) (LOGIT is the identity on raw head outputs)
     * @return (N) whitened scores R̃c
     */
    public float[] whitenScores(float[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to whiten");
        }
        for (float s : scores) {
            running.addValue(s);
            if (seenCount == seen.length) {
                seen = Arrays.copyOf(seen, Math.max(16, 2 * seen.length));
            }
            seen[seenCount++] = s;
        }
        SummaryStatistics stats = statistics == Statistics.RUNNING ? running : of(scores);
        return whiten(scores, stats.getMean(), Math.sqrt(stats.getPopulationVariance()));
    }

    /** The mean of the statistics the next {@link #whitenScores} would extend (NaN before any score). */
    public double runningMean() {
        return running.getN() == 0 ? Double.NaN : running.getMean();
    }

    /** The population standard deviation of every score seen so far (NaN before any score). */
    public double runningStd() {
        return running.getN() == 0 ? Double.NaN : Math.sqrt(running.getPopulationVariance());
    }

    /** Every score seen so far, in order (the checkpointed state). */
    public double[] seen() {
        return Arrays.copyOf(seen, seenCount);
    }

    /** Replaces the state with the given scores seen so far. */
    public void restore(double[] scoresSeen) {
        running = new SummaryStatistics();
        for (double s : scoresSeen) {
            running.addValue(s);
        }
        seen = Arrays.copyOf(scoresSeen, scoresSeen.length);
        seenCount = scoresSeen.length;
    }

    /** {@code (x − mean) / (std + ε)} element-wise. (N) → (N). */
    public static float[] whiten(float[] x, double mean, double std) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) ((x[i] - mean) / (std + EPSILON));
        }
        return out;
    }

    /**
     * Whitens advantages over every response token of a rollout batch (one μ, σ for the batch).
     *
     * @param advantages per response, (L_i) each
     * @return per response, (L_i) each, with mean 0 and standard deviation 1 over all tokens
     */
    public static List<float[]> whitenBatch(List<float[]> advantages) {
        SummaryStatistics stats = new SummaryStatistics();
        for (float[] a : advantages) {
            for (float v : a) {
                stats.addValue(v);
            }
        }
        double mean = stats.getMean();
        double std = Math.sqrt(stats.getPopulationVariance());
        return advantages.stream().map(a -> whiten(a, mean, std)).toList();
    }

    private static SummaryStatistics of(float[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (float v : values) {
            s.addValue(v);
        }
        return s;
    }
}
