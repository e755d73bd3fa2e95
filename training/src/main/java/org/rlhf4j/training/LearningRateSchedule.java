package org.rlhf4j.training;

/**
 * The learning rate as a function of the optimiser step. {@code step} is the 0-based index of the update about to
 * be applied: the first update uses {@code at(0)}, the last of a run of N updates {@code at(N − 1)}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate of update {@code step} (0-based, ≥ 0). */
    double at(int step);
}
