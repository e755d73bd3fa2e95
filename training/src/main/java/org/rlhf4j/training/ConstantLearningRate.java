package org.rlhf4j.training;

/**
 * The same learning rate at every step (PPO: constant 1e-6, METHOD.md §6).
 *
 * @param learningRate the rate, finite and ≥ 0
 */
public record ConstantLearningRate(double learningRate) implements LearningRateSchedule {

    public ConstantLearningRate {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
    }

    @Override
    public double at(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return learningRate;
    }
}
