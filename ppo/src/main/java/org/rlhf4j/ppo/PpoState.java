package org.rlhf4j.ppo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The PPO loop's position in a checkpoint ({@value PpoCheckpoint#STATE_FILE}); with both models' weights and AdamW
 * moments it is everything a resumed run needs to continue exactly.
 *
 * @param iteration iterations completed
 * @param randomState the run's {@code TrainingRandom} state after the last completed iteration
 * @param whiteningSeen every raw score the whitener has seen, in order (its running statistics)
 * @param bestHeldOutReward best mean held-out reward so far (NaN before the first evaluation)
 * @param bestIteration iteration of that evaluation (0 before any)
 * @param evaluationsWithoutImprovement held-out evaluations since the best one
 * @param stoppedEarly whether early stopping ended the run
 * @param elapsedSeconds wall time so far
 */
public record PpoState(
        @JsonProperty("iteration") int iteration,
        @JsonProperty("random_state") long randomState,
        @JsonProperty("whitening_seen") double[] whiteningSeen,
        @JsonProperty("best_held_out_reward") double bestHeldOutReward,
        @JsonProperty("best_iteration") int bestIteration,
        @JsonProperty("evaluations_without_improvement") int evaluationsWithoutImprovement,
        @JsonProperty("stopped_early") boolean stoppedEarly,
        @JsonProperty("elapsed_seconds") double elapsedSeconds) {

    public PpoState {
        if (iteration < 0 || whiteningSeen == null) {
            throw new IllegalArgumentException("iteration must be >= 0 and whitening_seen set");
        }
    }
}
