package org.rlhf4j.rewardmodel;

import org.rlhf4j.training.TrainingResult;

/**
 * What a reward-model run did.
 *
 * @param training the loop's result (steps, final loss, elapsed seconds)
 * @param trainPairs pairs in the RM's training mixture (after dropping long ones)
 * @param droppedPairs pairs dropped because a row exceeded {@code max_tokens}
 * @param pairsPerSecond training pairs processed per second of this process's training
 * @param evaluation accuracy on the held-out helpfulness and safety test sets (Table 8 rows of this RM)
 */
public record RewardModelResult(TrainingResult training, int trainPairs, int droppedPairs, double pairsPerSecond,
                                RewardModelEvaluation.Report evaluation) {}
