package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.TokenLogProbs;

/**
 * The training-side forward passes of PPO over a {@link ResponseBatch}, all in its shifted frame (B, T − 1): the
 * log-probs of the response tokens under a causal LM (policy or reference), their entropy, and the per-token values
 * of a value model (the scalar score head applied at every position, not only at the last one).
 */
public final class SequenceForward {

    /**
     * A causal LM's view of the batch.
     *
     * @param logProbs (B, T − 1) log p(token t + 1 | tokens ≤ t)
     * @param entropy (B, T − 1) entropy of the next-token distribution at t, {@code −Σ_v p_v log p_v}
     */
    public record PolicyOutput(NDArray logProbs, NDArray entropy) {}

    private SequenceForward() {}

    /** Log-probs and entropies of the next tokens under {@code model} (causal-LM head). */
    public static PolicyOutput policy(LlamaModel model, ResponseBatch batch, NDManager manager, int padId) {
        NDArray ids = batch.ids(manager, padId); // (B, T)
        NDArray hidden = model.hiddenStates(ids, null, AttentionMask.causal(manager, batch.length()), null);
        NDArray logits = model.logits(hidden.get(":, :-1, :")); // (B, T-1, V)
        NDArray logProbs = TokenLogProbs.of(logits, ids.get(":, 1:")); // (B, T-1)
        NDArray logSoftmax = logits.logSoftmax(-1);
        NDArray entropy = logSoftmax.exp().mul(logSoftmax).sum(new int[] {-1}).neg(); // (B, T-1)
        return new PolicyOutput(logProbs, entropy);
    }

    /** Log-probs of the next tokens only (the reference model's pass). (B, T − 1). */
    public static NDArray logProbs(LlamaModel model, ResponseBatch batch, NDManager manager, int padId) {
        NDArray ids = batch.ids(manager, padId);
        NDArray hidden = model.hiddenStates(ids, null, AttentionMask.causal(manager, batch.length()), null);
        return TokenLogProbs.of(model.logits(hidden.get(":, :-1, :")), ids.get(":, 1:"));
    }

    /**
     * Per-position values V(state ending at t) of a value model with the scalar head: hidden (B, T, d) · wᵀ →
     * (B, T − 1).
     */
    public static NDArray values(LlamaModel valueModel, ResponseBatch batch, NDManager manager, int padId) {
        if (valueModel.headKind() != HeadKind.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("the value model needs the scalar score head ("
                    + HeadKind.SEQUENCE_CLASSIFICATION.architecture() + "), got " + valueModel.headKind());
        }
        NDArray ids = batch.ids(manager, padId);
        NDArray hidden = valueModel.hiddenStates(ids, null, AttentionMask.causal(manager, batch.length()), null);
        NDArray head = valueModel.namedParameters().get(HeadKind.SEQUENCE_CLASSIFICATION.tensorName()).getArray();
        NDArray values = hidden.get(":, :-1, :").matMul(head.transpose()); // (B, T-1, 1)
        return values.squeeze(-1);
    }
}
