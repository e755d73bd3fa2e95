package org.rlhf4j.pipeline;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A proportion with its Wilson score 95% interval (Commons Math), as the report gives every rate: violation rate,
 * false-refusal rate, win rate over decided pairs.
 *
 * @param count successes (violations, refusals, wins)
 * @param trials trials (prompts, decided pairs)
 * @param value count / trials, NaN without trials
 * @param low lower bound of the 95% interval, NaN without trials
 * @param high upper bound of the 95% interval, NaN without trials
 */
public record Rate(int count, int trials, double value, double low, double high) {

    /** Confidence level of every interval in the report. */
    public static final double CONFIDENCE = 0.95;

    /** The rate of {@code count} in {@code trials} with its Wilson interval. */
    public static Rate of(int count, int trials) {
        if (count < 0 || trials < 0 || count > trials) {
            throw new IllegalArgumentException("need 0 <= count <= trials, got " + count + " of " + trials);
        }
        if (trials == 0) {
            return new Rate(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(trials, count, CONFIDENCE);
        double value = (double) count / trials;
        // the bounds contain the value; rounding can put a bound a few ulps beyond it at 0 or n successes
        return new Rate(count, trials, value, Math.min(ci.getLowerBound(), value), Math.max(ci.getUpperBound(), value));
    }

    /** {@code "0.123 [0.080, 0.180] (12/97)"}. */
    public String format() {
        if (trials == 0) {
            return "n/a";
        }
        return String.format("%.3f [%.3f, %.3f] (%d/%d)", value, low, high, count, trials);
    }
}
