package org.rlhf4j.training;

import ai.djl.ndarray.NDManager;

/**
 * What a step function gets besides its micro-batch.
 *
 * @param step 0-based index of the update being computed
 * @param learningRate the update's learning rate
 * @param manager the update's manager: arrays created on it are freed when the update ends
 * @param random the run's generator (checkpointed and restored on resume); use it for dropout masks, sampling, …
 */
public record StepContext(int step, double learningRate, NDManager manager, TrainingRandom random) {}
