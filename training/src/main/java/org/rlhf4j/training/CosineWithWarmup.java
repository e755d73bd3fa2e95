package org.rlhf4j.training;

/**
 * Linear warm-up then cosine decay to a floor (Llama 2 §2.2: "cosine learning rate schedule … decay final learning
 * rate down to 10% of the peak"). With peak η, W warm-up steps, N total steps, floor f·η and 0-based step s:
 *
 * <pre>
 *   s &lt; W:           lr = η · (s + 1) / W                       (reaches η at s = W − 1; never a wasted 0 step)
 *   W ≤ s &lt; N − 1:   lr = f·η + (1 − f)·η · ½(1 + cos(π · (s − W) / (N − 1 − W)))
 *   s ≥ N − 1:       lr = f·η                                   (the last step is exactly at the floor)
 * </pre>
 *
 * With W = 0 the first step is at the peak. {@link #warmupFromFraction} gives the paper's reward-model rule (3% of
 * the steps, at least 5), which is also the SFT default since the paper leaves SFT's warm-up unspecified.
 *
 * @param peak η, &gt; 0
 * @param totalSteps N, ≥ 1
 * @param warmupSteps W, in [0, N − 1]
 * @param floorFraction f, in [0, 1]; the paper's value is 0.1
 */
public record CosineWithWarmup(double peak, int totalSteps, int warmupSteps, double floorFraction)
        implements LearningRateSchedule {

    /** The paper's floor: 10% of the peak. */
    public static final double LLAMA2_FLOOR_FRACTION = 0.1;

    public CosineWithWarmup {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("peak learning rate must be finite and > 0, got " + peak);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps > totalSteps - 1) {
            throw new IllegalArgumentException("warmupSteps must be in [0, " + (totalSteps - 1) + "], got "
                    + warmupSteps);
        }
        if (!(floorFraction >= 0 && floorFraction <= 1)) {
            throw new IllegalArgumentException("floorFraction must be in [0, 1], got " + floorFraction);
        }
    }

    /** The paper's schedule: floor at 10% of the peak. */
    public static CosineWithWarmup llama2(double peak, int totalSteps, int warmupSteps) {
        return new CosineWithWarmup(peak, totalSteps, warmupSteps, LLAMA2_FLOOR_FRACTION);
    }

    /**
     * Warm-up steps as a fraction of the run with a minimum: {@code max(minimum, ceil(fraction · N))}, capped at
     * N − 1 so that a very short run still ends on the floor. The paper's RM rule is {@code (N, 0.03, 5)}.
     */
    public static int warmupFromFraction(int totalSteps, double fraction, int minimum) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1], got " + fraction);
        }
        if (minimum < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("need minimum >= 0 and totalSteps >= 1, got " + minimum + ", "
                    + totalSteps);
        }
        int steps = Math.max(minimum, (int) Math.ceil(fraction * totalSteps - 1e-9));
        return Math.min(steps, totalSteps - 1);
    }

    @Override
    public double at(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double floor = floorFraction * peak;
        if (step >= totalSteps - 1) {
            return floor;
        }
        // Here W <= s < N - 1, so N - 1 - W > 0.
        double progress = (double) (step - warmupSteps) / (totalSteps - 1 - warmupSteps);
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
