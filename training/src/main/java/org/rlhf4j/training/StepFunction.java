package org.rlhf4j.training;

/**
 * A stage's part of a training step: the forward pass and loss of one micro-batch, run by the loop inside the one
 * open gradient collector.
 *
 * <p><b>Gradient accumulation.</b> An update over micro-batches b_1 … b_k with weights w_i (e.g. answer tokens of a
 * token-averaged loss) and per-micro-batch mean losses L_i backpropagates {@code Σ_i (w_i / Σ_j w_j) · L_i}, which is
 * exactly the weighted mean loss of one batch holding all k micro-batches. With the default weight 1 every
 * micro-batch counts the same (right for losses averaged over equal-sized micro-batches of sequences or pairs).
 *
 * @param <B> the micro-batch type
 */
@FunctionalInterface
public interface StepFunction<B> {

    /** The micro-batch's loss, a mean over its {@link #weight} units. */
    MicroBatchLoss loss(B microBatch, StepContext context);

    /** The number of units the micro-batch's loss averages over (loss tokens, pairs, …); &gt; 0. */
    default double weight(B microBatch) {
        return 1.0;
    }

    /** Tokens processed by the micro-batch (for tokens/s); 0 when not meaningful. */
    default long tokens(B microBatch) {
        return 0;
    }
}
