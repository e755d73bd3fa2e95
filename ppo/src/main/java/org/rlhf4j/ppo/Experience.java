package org.rlhf4j.ppo;

import java.util.List;

/**
 * One PPO iteration's rollouts and everything the update needs, N responses (one per prompt); response i has
 * P_i prompt tokens and L_i ≥ 1 response tokens (its EOS included when it stopped at EOS).
 *
 * @param promptIndices (N) index of each response's prompt in the run's training prompts
 * @param promptTokens (N × P_i) chat-format prompt ids (BOS first, ending with {@code [/INST]})
 * @param responseTokens (N × L_i) sampled ids
 * @param endedWithEos (N) whether the response stopped at EOS rather than at the length limit (a cut response is
 *     scored like any other)
 * @param logProbs (N × L_i) log πθ_old of each response token at sampling time (temperature 1)
 * @param referenceLogProbs (N × L_i) log π0 of each response token
 * @param values (N × L_i) value estimate of the state before each response token
 * @param rawScores (N) gated reward-model score Rc (raw head output)
 * @param whitenedScores (N) R̃c = WHITEN(Rc)
 * @param rewards (N × L_i) per-token rewards ({@link KlPenalty})
 * @param advantages (N × L_i) GAE advantages, whitened over the batch
 * @param returns (N × L_i) value targets
 */
public record Experience(
        int[] promptIndices,
        List<int[]> promptTokens,
        List<int[]> responseTokens,
        boolean[] endedWithEos,
        List<float[]> logProbs,
        List<float[]> referenceLogProbs,
        List<float[]> values,
        float[] rawScores,
        float[] whitenedScores,
        List<float[]> rewards,
        List<float[]> advantages,
        List<float[]> returns) {

    public Experience {
        int n = promptIndices.length;
        for (List<?> l : List.of(promptTokens, responseTokens, logProbs, referenceLogProbs, values, rewards,
                advantages, returns)) {
            if (l.size() != n) {
                throw new IllegalArgumentException("every field needs " + n + " rows, one has " + l.size());
            }
        }
        if (endedWithEos.length != n || rawScores.length != n || whitenedScores.length != n) {
            throw new IllegalArgumentException("per-response arrays need " + n + " entries");
        }
        for (int i = 0; i < n; i++) {
            int l = responseTokens.get(i).length;
            if (l < 1 || logProbs.get(i).length != l || referenceLogProbs.get(i).length != l
                    || values.get(i).length != l || rewards.get(i).length != l || advantages.get(i).length != l
                    || returns.get(i).length != l) {
                throw new IllegalArgumentException("response " + i + ": per-token arrays must all have its " + l
                        + " tokens");
            }
        }
    }

    /** Number of responses N. */
    public int size() {
        return promptIndices.length;
    }

    /** Σ L_i, the response tokens of the batch. */
    public long responseTokenCount() {
        return responseTokens.stream().mapToLong(r -> r.length).sum();
    }
}
