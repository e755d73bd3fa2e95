package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;

/**
 * Log-probability of given target tokens under logits: {@code log softmax(logits)[target]}.
 */
public final class TokenLogProbs {

    private TokenLogProbs() {}

    /**
     * @param logits (B, T, V)
     * @param targets (B, T) int64 — usually the inputs shifted left by one
     * @return (B, T) log p(target | prefix)
     */
    public static NDArray of(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
    }
}
