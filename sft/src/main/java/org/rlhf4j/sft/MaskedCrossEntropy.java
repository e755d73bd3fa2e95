package org.rlhf4j.sft;

import ai.djl.ndarray.NDArray;
import org.rlhf4j.model.Ops;
import org.rlhf4j.model.TokenLogProbs;

/**
 * The SFT loss (Llama 2 §3.1, METHOD.md §3): next-token cross-entropy on answer tokens only, averaged over them.
 *
 * <pre>
 *   L = − Σ_{b,t≥1} m[b,t] · log softmax(z[b,t−1])[x[b,t]]  /  Σ_{b,t≥1} m[b,t]
 * </pre>
 *
 * with logits z (B, T, V), tokens x (B, T) and loss mask m (B, T) in the packing convention ({@code m[t] = 1}: token
 * t is a target, predicted from the logits at t − 1; {@code m[0]} is ignored). Positions whose target has mask 0
 * (prompts, BOS, padding) and the logits of the last position contribute nothing, and their gradient is exactly 0:
 * each log-probability is multiplied by its mask before the sum. With the mask all ones (t ≥ 1) this is plain
 * language-model training.
 */
public final class MaskedCrossEntropy {

    private MaskedCrossEntropy() {}

    /**
     * @param logits (B, T, V) float32, from the model run on {@code tokens}
     * @param tokens (B, T) int64 token ids
     * @param lossMask (B, T) float32 of 0/1 in the packing convention
     * @return scalar mean negative log-likelihood over the unmasked targets
     * @throws IllegalArgumentException if the shapes disagree or no position is unmasked
     */
    public static NDArray compute(NDArray logits, NDArray tokens, NDArray lossMask) {
        long b = tokens.getShape().get(0);
        long t = tokens.getShape().get(1);
        if (logits.getShape().dimension() != 3 || logits.getShape().get(0) != b || logits.getShape().get(1) != t
                || !lossMask.getShape().equals(tokens.getShape())) {
            throw new IllegalArgumentException("expected logits (B, T, V), tokens and lossMask (B, T); got "
                    + logits.getShape() + ", " + tokens.getShape() + ", " + lossMask.getShape());
        }
        NDArray mask = lossMask.get(":, 1:"); // (B, T-1)
        float count = mask.sum().getFloat();
        if (!(count > 0)) {
            throw new IllegalArgumentException("the loss mask has no target token (positions 1.." + (t - 1) + ")");
        }
        NDArray logProbs = TokenLogProbs.of(logits.get(":, :-1, :"), tokens.get(":, 1:")); // (B, T-1)
        return Ops.divide(logProbs.mul(mask).sum().neg(), count);
    }
}
