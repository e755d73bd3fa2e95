package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The Safety RM's anchor on the absolute scale of its scores (not in the paper; see {@link RewardModelConfig}):
 * binary cross-entropy of σ(r) against what the safety label says about each response,
 *
 * <pre>
 *   L_anchor = mean over responses with a known label of  −[s · log σ(r) + (1 − s) · log(1 − σ(r))]
 *            = mean of  s · softplus(−r) + (1 − s) · softplus(r)
 * </pre>
 *
 * with s = 1 for a safe response and 0 for an unsafe one. The ranking loss only sees differences r_c − r_r, so it
 * leaves the scores' offset free; this term ties σ(r) to P(safe), which is what gives the reward function's gate
 * σ(R_s) &lt; 0.15 (Llama 2 eq. 4) a meaning.
 */
public final class SafetyLabelLoss {

    private SafetyLabelLoss() {}

    /**
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known) {
        NDArray perResponse = safe.mul(Activation.softPlus(scores.neg()))
                .add(safe.neg().add(1f).mul(Activation.softPlus(scores)));
        return perResponse.mul(known).sum().div(known.sum());
    }
}
