package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.Objects;

/**
 * What a step function returns for one micro-batch.
 *
 * @param loss scalar loss of the micro-batch, averaged over its own weight units (e.g. mean over its answer tokens),
 *     still attached to the autograd graph
 * @param metrics extra per-micro-batch values for the CSV (e.g. accuracy); the loop averages them over the
 *     micro-batches of an update with the same weights as the loss. Keys must be the loop's extra columns.
 */
public record MicroBatchLoss(NDArray loss, Map<String, Double> metrics) {

    public MicroBatchLoss {
        Objects.requireNonNull(loss, "loss");
        metrics = Map.copyOf(metrics);
    }

    /** A loss without extra metrics. */
    public static MicroBatchLoss of(NDArray loss) {
        return new MicroBatchLoss(loss, Map.of());
    }
}
