package org.rlhf4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A rate k / n (safety violations among adversarial prompts, false refusals among borderline ones, ...) with its
 * Wilson score 95% interval (Wilson 1927; Commons Math {@link WilsonScoreInterval}):
 *
 * <pre>
 * p̂ = k / n,  z = Φ⁻¹(0.975) ≈ 1.96
 * center ± half = (p̂ + z²/(2n) ± z √(p̂(1 − p̂)/n + z²/(4n²))) / (1 + z²/n)
 * </pre>
 * Unlike the normal approximation it stays inside [0, 1] and is not empty at k = 0 or k = n, which is where a
 * violation rate lives. With n = 0 the rate and both bounds are {@code NaN} (JSON {@code null}).
 *
 * @param successes k, the number of prompts counted (e.g. answered unsafely)
 * @param trials n, the number of prompts
 * @param rate k / n
 * @param lower lower bound of the 95% interval
 * @param upper upper bound of the 95% interval
 */
public record WilsonRate(int successes, int trials, double rate, double lower, double upper) {

    /** The confidence level of every interval in the reports. */
    public static final double CONFIDENCE = 0.95;

    public WilsonRate {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
    }

    /** k of n with its Wilson 95% interval. */
    public static WilsonRate of(int successes, int trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return new WilsonRate(0, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(trials, successes, CONFIDENCE);
        // Commons Math can land a few ulps beyond the rate or [0, 1] at k = 0 or k = n (rounding); the interval
        // contains the rate and lies in [0, 1].
        double rate = (double) successes / trials;
        return new WilsonRate(successes, trials, rate, Math.max(0.0, Math.min(rate, ci.getLowerBound())),
                Math.min(1.0, Math.max(rate, ci.getUpperBound())));
    }

    /** As printed in the reports: {@code 0.200 [0.146, 0.268] (32/160)}; {@code n/a (0/0)} without trials. */
    public String format() {
        if (trials == 0) {
            return "n/a (0/0)";
        }
        return String.format("%.3f [%.3f, %.3f] (%d/%d)", rate, lower, upper, successes, trials);
    }

    /**
     * As JSON: {@code {"rate", "ci95_low", "ci95_high", "count", "of"}}, the undefined values of n = 0 as
     * {@code null}.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rate", finiteOrNull(rate));
        out.put("ci95_low", finiteOrNull(lower));
        out.put("ci95_high", finiteOrNull(upper));
        out.put("count", successes);
        out.put("of", trials);
        return out;
    }

    /** The interval as a JSON array {@code [low, high]}, or {@code null} without trials. */
    public java.util.List<Double> ci95() {
        return trials == 0 ? null : java.util.List.of(lower, upper);
    }

    @Override
    public String toString() {
        return format();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
