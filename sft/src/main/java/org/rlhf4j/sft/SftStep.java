package org.rlhf4j.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.training.MicroBatchLoss;
import org.rlhf4j.training.StepContext;
import org.rlhf4j.training.StepFunction;

/**
 * SFT's part of a training step: packed rows (B, T) → causal forward → logits (B, T, V) →
 * {@link MaskedCrossEntropy} over the answer tokens. The micro-batch weight is its number of target tokens, so
 * accumulated micro-batches average over all answer tokens of the update, as one big batch would.
 *
 * <p>Attention: across packed examples (one causal bias (1, 1, T, T), built once for the run) or, when configured,
 * block-diagonal (a (B, 1, T, T) bias built once per micro-batch from the segment ids). Positions run 0..T−1 along
 * the row either way; rotary embeddings only see relative positions, so inside a block each example computes what
 * it would alone.
 */
public final class SftStep implements StepFunction<PackedBatch> {

    private final LlamaModel model;
    private final boolean blockDiagonal;
    private final NDArray causalBias;

    /**
     * @param model the causal-LM model being trained
     * @param manager long-lived manager for the run's shared causal bias (not a per-step manager)
     * @param sequenceLength T of every row
     * @param blockDiagonal whether attention stays inside each packed example
     */
    public SftStep(LlamaModel model, NDManager manager, int sequenceLength, boolean blockDiagonal) {
        this.model = model;
        this.blockDiagonal = blockDiagonal;
        this.causalBias = blockDiagonal ? null : AttentionMask.causal(manager, sequenceLength);
    }

    @Override
    public MicroBatchLoss loss(PackedBatch batch, StepContext context) {
        NDManager m = context.manager();
        Shape shape = new Shape(batch.size(), batch.sequenceLength());
        NDArray tokens = m.create(batch.tokenIds(), shape); // (B, T) int64
        NDArray lossMask = m.create(batch.lossMask(), shape); // (B, T) float32
        NDArray bias = blockDiagonal ? AttentionMask.causalWithinSegments(m, batch.segmentIds()) : causalBias;
        NDArray hidden = model.hiddenStates(tokens, null, bias, null); // (B, T, d)
        NDArray logits = model.logits(hidden); // (B, T, V)
        return MicroBatchLoss.of(MaskedCrossEntropy.compute(logits, tokens, lossMask));
    }

    @Override
    public double weight(PackedBatch batch) {
        return batch.targetTokens();
    }

    @Override
    public long tokens(PackedBatch batch) {
        return batch.realTokens();
    }
}
