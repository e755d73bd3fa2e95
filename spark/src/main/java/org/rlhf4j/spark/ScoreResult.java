package org.rlhf4j.spark;

import java.io.Serializable;

/**
 * What a {@link ScoreTask} sends back: the score of each of its rows.
 *
 * @param indices each row's index in the responses
 * @param scores the reward model's score of each row, same order
 * @param where which executor and host scored them
 */
public record ScoreResult(int[] indices, float[] scores, String where) implements Serializable {

    private static final long serialVersionUID = 1L;
}
