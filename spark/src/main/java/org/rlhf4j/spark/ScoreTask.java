package org.rlhf4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One unit of work of a reward-scoring job: whole micro-batches of rows (prompt + response token ids laid out by
 * {@code RewardModelInput}), already in the order the single-process scorer puts them (sorted by length, ties in
 * response order), so that each micro-batch — and its padding — is the one the single-process path forms.
 *
 * @param indices each row's index in the responses, in row order
 * @param rows the rows, shortest first
 * @param microBatchSize rows per forward; {@code rows} is a whole number of micro-batches but for the last task
 * @param models the reward model
 */
public record ScoreTask(int[] indices, List<int[]> rows, int microBatchSize, RewardModelSet models)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ScoreTask {
        if (indices == null || rows == null || indices.length != rows.size() || rows.isEmpty() || microBatchSize < 1
                || models == null) {
            throw new IllegalArgumentException("a score task needs as many indices as rows, some rows, a micro-batch"
                    + " size >= 1 and a reward model");
        }
        rows = List.copyOf(rows);
    }
}
