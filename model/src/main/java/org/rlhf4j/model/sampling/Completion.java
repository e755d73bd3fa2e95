package org.rlhf4j.model.sampling;

/**
 * A generated continuation.
 *
 * @param tokens the new tokens (EOS included when the row ended with it)
 * @param logProbs log-probability of each token under the distribution it was sampled from (temperature, top-k and
 *     top-p applied and renormalised; 0 for greedy picks)
 * @param modelLogProbs log-probability of each token under the unmodified model (temperature 1, full vocabulary) —
 *     what rejection sampling and PPO need
 * @param endedWithEos whether the row stopped at EOS (rather than at the token limit)
 */
public record Completion(int[] tokens, float[] logProbs, float[] modelLogProbs, boolean endedWithEos) {

    public Completion {
        if (tokens.length != logProbs.length || tokens.length != modelLogProbs.length) {
            throw new IllegalArgumentException("tokens and log-probs differ in length");
        }
    }
}
