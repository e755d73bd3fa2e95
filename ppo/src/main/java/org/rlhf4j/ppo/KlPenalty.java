package org.rlhf4j.ppo;

/**
 * The per-token reward PPO maximises (Llama 2 §3.2.3, METHOD.md §6):
 * {@code R(g | p) = R̃c(g | p) − β·KL(πθ(g | p) ‖ π0(g | p))}, with the KL estimated per token as
 * {@code log πθ(g_t) − log π0(g_t)} (summed over the response, that is the sequence KL of the sampled response) and
 * shaped into the per-token reward, the final score on the last response token:
 *
 * <pre>
 *   r_t = −β·(log πθ(g_t | p, g_{&lt;t}) − log π0(g_t | p, g_{&lt;t}))  +  [t = L − 1]·R̃c(g | p)
 * </pre>
 *
 * log πθ is the sampling policy's log-prob (the policy at rollout time, temperature 1), log π0 the frozen
 * reference's.
 */
public final class KlPenalty {

    private KlPenalty() {}

    /**
     * @param policyLogProbs (L) log πθ of each response token at sampling time
     * @param referenceLogProbs (L) log π0 of the same tokens
     * @param score R̃c, the whitened reward-model score of the whole response
     * @param beta KL coefficient β ≥ 0
     * @return (L) per-token rewards r
     */
    public static float[] rewards(float[] policyLogProbs, float[] referenceLogProbs, double score, double beta) {
        int l = requireSameLength(policyLogProbs, referenceLogProbs);
        if (l == 0) {
            throw new IllegalArgumentException("a response needs at least one token");
        }
        float[] r = new float[l];
        for (int t = 0; t < l; t++) {
            r[t] = (float) (-beta * ((double) policyLogProbs[t] - referenceLogProbs[t]));
        }
        r[l - 1] = (float) (r[l - 1] + score);
        return r;
    }

    /** The sequence KL estimate {@code Σ_t (log πθ(g_t) − log π0(g_t))} of one response. */
    public static double sequenceKl(float[] policyLogProbs, float[] referenceLogProbs) {
        int l = requireSameLength(policyLogProbs, referenceLogProbs);
        double kl = 0;
        for (int t = 0; t < l; t++) {
            kl += (double) policyLogProbs[t] - referenceLogProbs[t];
        }
        return kl;
    }

    private static int requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("policy (" + a.length + ") and reference (" + b.length
                    + ") log-probs differ in length");
        }
        return a.length;
    }
}
