package org.rlhf4j.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which learning-rate schedule a run uses and its numbers.
 *
 * <p>Defaults ({@link #llama2Sft()}): cosine, peak 2e-5 (SFT, METHOD.md §3), warm-up 3% of the steps with a minimum
 * of 5 (the paper's reward-model rule; SFT's warm-up is unspecified), floor 10% of the peak. Reward models use peak
 * 1e-5 (5e-6 for 70B); PPO uses a constant 1e-6.
 *
 * @param kind {@code cosine} (warm-up + cosine to the floor) or {@code constant}
 * @param peakLearningRate η: the peak of the cosine, or the constant rate
 * @param warmupSteps warm-up steps; null means {@code max(minWarmupSteps, ceil(warmupFraction · maxSteps))}
 * @param warmupFraction fraction of the run used for warm-up when {@code warmupSteps} is null
 * @param minWarmupSteps minimum warm-up when it is derived from the fraction
 * @param floorFraction the cosine's final value as a fraction of the peak
 */
public record ScheduleConfig(
        @JsonProperty("kind") Kind kind,
        @JsonProperty("peak_learning_rate") double peakLearningRate,
        @JsonProperty("warmup_steps") Integer warmupSteps,
        @JsonProperty("warmup_fraction") double warmupFraction,
        @JsonProperty("min_warmup_steps") int minWarmupSteps,
        @JsonProperty("floor_fraction") double floorFraction) {

    /** The schedule's shape. */
    public enum Kind {
        @JsonProperty("cosine") COSINE,
        @JsonProperty("constant") CONSTANT
    }

    public ScheduleConfig {
        if (kind == null) {
            throw new IllegalArgumentException("schedule.kind must be 'cosine' or 'constant'");
        }
        if (!(peakLearningRate > 0) || Double.isInfinite(peakLearningRate)) {
            throw new IllegalArgumentException("schedule.peak_learning_rate must be finite and > 0, got "
                    + peakLearningRate);
        }
        if (warmupSteps != null && warmupSteps < 0) {
            throw new IllegalArgumentException("schedule.warmup_steps must be >= 0, got " + warmupSteps);
        }
        if (!(warmupFraction >= 0 && warmupFraction <= 1)) {
            throw new IllegalArgumentException("schedule.warmup_fraction must be in [0, 1], got " + warmupFraction);
        }
        if (minWarmupSteps < 0) {
            throw new IllegalArgumentException("schedule.min_warmup_steps must be >= 0, got " + minWarmupSteps);
        }
        if (!(floorFraction >= 0 && floorFraction <= 1)) {
            throw new IllegalArgumentException("schedule.floor_fraction must be in [0, 1], got " + floorFraction);
        }
    }

    /** Cosine, peak 2e-5, warm-up 3% (at least 5 steps), floor 10%. */
    public static ScheduleConfig llama2Sft() {
        return new ScheduleConfig(Kind.COSINE, 2e-5, null, 0.03, 5, CosineWithWarmup.LLAMA2_FLOOR_FRACTION);
    }

    /** Constant learning rate (PPO uses 1e-6). */
    public static ScheduleConfig constant(double learningRate) {
        return new ScheduleConfig(Kind.CONSTANT, learningRate, null, 0.03, 5, CosineWithWarmup.LLAMA2_FLOOR_FRACTION);
    }

    /** The warm-up length for a run of {@code totalSteps}. */
    public int resolvedWarmupSteps(int totalSteps) {
        if (kind == Kind.CONSTANT) {
            return 0;
        }
        if (warmupSteps != null) {
            if (warmupSteps > totalSteps - 1) {
                throw new IllegalArgumentException("schedule.warmup_steps " + warmupSteps
                        + " leaves no decay in a run of " + totalSteps + " steps");
            }
            return warmupSteps;
        }
        return CosineWithWarmup.warmupFromFraction(totalSteps, warmupFraction, minWarmupSteps);
    }

    /** The schedule for a run of {@code totalSteps} updates. */
    public LearningRateSchedule build(int totalSteps) {
        return switch (kind) {
            case CONSTANT -> new ConstantLearningRate(peakLearningRate);
            case COSINE -> new CosineWithWarmup(peakLearningRate, totalSteps, resolvedWarmupSteps(totalSteps),
                    floorFraction);
        };
    }
}
