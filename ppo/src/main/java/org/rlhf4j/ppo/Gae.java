package org.rlhf4j.ppo;

/**
 * Generalised advantage estimation (Schulman et al. 2016), the paper leaves it open (METHOD.md §6; default γ = 1,
 * λ = 0.95). For one response of L tokens with per-token rewards r (L) and values V (L), and V_L = 0 after the last
 * token (the episode ends with the response, whether at EOS or at the length limit):
 *
 * <pre>
 *   δ_t = r_t + γ·V_{t+1} − V_t
 *   A_t = δ_t + γλ·A_{t+1},   A_L = 0
 *   R_t = A_t + V_t           (the value target, "returns")
 * </pre>
 */
public final class Gae {

    /** Advantages and value targets of one response, both (L). */
    public record Result(float[] advantages, float[] returns) {}

    private Gae() {}

    /**
     * @param rewards (L) per-token rewards (KL penalty, plus the score on the last token)
     * @param values (L) value estimates V_t of the state before token t
     * @param gamma discount γ in [0, 1]
     * @param lambda GAE λ in [0, 1]
     * @return advantages A (L) and returns R (L)
     */
    public static Result compute(float[] rewards, float[] values, double gamma, double lambda) {
        if (rewards.length != values.length) {
            throw new IllegalArgumentException("rewards (" + rewards.length + ") and values (" + values.length
                    + ") differ in length");
        }
        int l = rewards.length;
        float[] advantages = new float[l];
        float[] returns = new float[l];
        double next = 0; // A_{t+1}
        for (int t = l - 1; t >= 0; t--) {
            double nextValue = t + 1 < l ? values[t + 1] : 0.0;
            double delta = rewards[t] + gamma * nextValue - values[t];
            next = delta + gamma * lambda * next;
            advantages[t] = (float) next;
            returns[t] = (float) (next + values[t]);
        }
        return new Result(advantages, returns);
    }
}
