package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;

/**
 * The clipped surrogate policy loss of PPO (Schulman et al. 2017; Llama 2 §3.2.3 uses ε = 0.2), averaged over the
 * response tokens of the mini-batch:
 *
 * <pre>
 *   ρ_t = exp(log πθ(g_t) − log πθ_old(g_t))
 *   L   = − mean_t min(ρ_t·A_t, clip(ρ_t, 1 − ε, 1 + ε)·A_t)
 * </pre>
 *
 * Also the diagnostics PPO is watched by: the fraction of tokens whose ratio was clipped, and the approximate KL
 * {@code mean_t (ρ_t − 1) − log ρ_t} between the rollout policy and the current one (Schulman's k3 estimator).
 */
public final class PpoLoss {

    private PpoLoss() {}

    /**
     * @param logProbs (B, T) log πθ of the sampled tokens under the policy being trained (with gradient)
     * @param oldLogProbs (B, T) log-probs at rollout time
     * @param advantages (B, T) whitened advantages A
     * @param responseMask (B, T) float32, 1 on response tokens
     * @param clipRange ε in (0, 1)
     * @return scalar loss
     */
    public static NDArray compute(NDArray logProbs, NDArray oldLogProbs, NDArray advantages, NDArray responseMask,
                                  double clipRange) {
        NDArray ratio = logProbs.sub(oldLogProbs).exp();
        NDArray unclipped = ratio.mul(advantages);
        NDArray clipped = ratio.clip(1 - clipRange, 1 + clipRange).mul(advantages);
        return MaskedOps.maskedMean(unclipped.minimum(clipped), responseMask).neg();
    }

    /** Share of response tokens with {@code |ρ − 1| > ε} (no gradient needed). All (B, T) → scalar. */
    public static double clipFraction(NDArray logProbs, NDArray oldLogProbs, NDArray responseMask,
                                      double clipRange) {
        NDArray ratio = logProbs.sub(oldLogProbs).exp();
        NDArray outside = ratio.sub(1f).abs().gt(clipRange).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return MaskedOps.maskedMean(outside, responseMask).getFloat();
    }

    /** {@code mean_t (ρ_t − 1) − log ρ_t} over the response tokens. All (B, T) → scalar. */
    public static double approxKl(NDArray logProbs, NDArray oldLogProbs, NDArray responseMask) {
        NDArray logRatio = logProbs.sub(oldLogProbs);
        return MaskedOps.maskedMean(logRatio.exp().sub(1f).sub(logRatio), responseMask).getFloat();
    }
}
