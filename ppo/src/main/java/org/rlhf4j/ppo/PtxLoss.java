package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;

/**
 * The SFT-replay term of PPO-ptx (Ouyang et al. 2022, eq. 2, with SFT demonstrations in place of pretraining text):
 * the negative log-likelihood of demonstration answers under the policy being trained, averaged over their tokens,
 *
 * <pre>
 *   L_ptx = − (1 / Σ M) · Σ_{b,t} M_{b,t} · log πθ(y_{b,t+1} | y_{b,≤t})
 * </pre>
 *
 * with M the answer-token mask. The policy minimises {@code L_policy + γ·L_ptx} (γ = {@code ptx_coefficient}), so
 * the reward can move it only as far as it keeps the demonstrations likely: what a weak reward model scores wrongly
 * (the demo's Helpfulness RM scores some correct answers to risky-looking prompts below a refusal) does not drift the
 * policy away from what SFT taught. Llama 2's PPO has no such term (γ = 0 is the paper's objective).
 */
public final class PtxLoss {

    private PtxLoss() {}

    /**
     * @param logProbs (B, T) log πθ of the demonstrations' next tokens (with gradient)
     * @param answerMask (B, T) float32, 1 on the answer tokens that are trained, at least one 1
     * @return scalar loss
     */
    public static NDArray compute(NDArray logProbs, NDArray answerMask) {
        return MaskedOps.maskedMean(logProbs, answerMask).neg();
    }
}
