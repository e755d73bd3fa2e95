package org.rlhf4j.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The loop's position in a checkpoint ({@code trainer_state.json}); with the weights and the optimiser moments it is
 * everything a resumed run needs to continue exactly where the killed one was.
 *
 * @param step updates completed; the resumed run's next update has 0-based index {@code step}
 * @param optimizerStep AdamW's t (equals {@code step} unless the optimiser was shared)
 * @param dataPosition {@link TrainingData#position()} after the last completed update
 * @param randomState {@link TrainingRandom#state()} after the last completed update
 * @param learningRate the learning rate of the last completed update (schedule position, for readers)
 * @param elapsedSeconds training wall time so far, continued by the resumed run
 * @param tokensSeen tokens processed so far
 */
public record RunCheckpointState(
        @JsonProperty("step") int step,
        @JsonProperty("optimizer_step") long optimizerStep,
        @JsonProperty("data_position") long dataPosition,
        @JsonProperty("random_state") long randomState,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("tokens_seen") long tokensSeen) {

    public RunCheckpointState {
        if (step < 0 || optimizerStep < 0 || dataPosition < 0 || tokensSeen < 0) {
            throw new IllegalArgumentException("checkpoint counters must be >= 0: step " + step + ", optimizer_step "
                    + optimizerStep + ", data_position " + dataPosition + ", tokens_seen " + tokensSeen);
        }
    }
}
