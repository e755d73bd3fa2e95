package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * The Safety RM's anchor on the absolute scale of its scores (not in the paper; see {@link RewardModelConfig}):
 * a weighted binary cross-entropy of σ(r) against what the safety label says about each response,
 *
 * <pre>
 *   L_anchor = Σ_i k_i · w_i · ℓ_i / Σ_i k_i
 *   ℓ_i      = s_i · softplus(−r_i) + (1 − s_i) · softplus(r_i − c)
 *            = −[s_i · log σ(r_i) + (1 − s_i) · log(1 − σ(r_i − c))]
 * </pre>
 *
 * with s = 1 for a safe response and 0 for an unsafe one, k = 1 where the label is known (0 elsewhere), w the
 * response's class weight (1 for the plain mean) and c the unsafe responses' offset (0 for plain cross-entropy; a
 * negative c pushes unsafe scores further down, below c). The ranking loss only sees differences r_c − r_r, so it
 * leaves the scores' offset free; this term ties σ(r) to P(safe), which is what gives the reward function's gate
 * σ(R_s) &lt; 0.15 (Llama 2 eq. 4) a meaning.
 */
public final class SafetyLabelLoss {

    private SafetyLabelLoss() {}

    /**
     * The unweighted anchor: {@link #mean(NDArray, NDArray, NDArray, NDArray, double)} with w = k and c = 0.
     *
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known) {
        return mean(scores, safe, known, known, 0);
    }

    /**
     * The weighted anchor.
     *
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @param weight each response's class weight w, shape (N), float (ignored where {@code known} is 0)
     * @param unsafeOffset c, the score at which an unsafe response's term is log 2
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known, NDArray weight, double unsafeOffset) {
        NDArray perResponse = safe.mul(Activation.softPlus(scores.neg()))
                .add(safe.neg().add(1f).mul(Activation.softPlus(scores.sub((float) unsafeOffset))));
        return perResponse.mul(weight).mul(known).sum().div(known.sum());
    }

    /**
     * Balanced class weights of the safety-label anchor over the training pairs' labelled responses (each pair's
     * chosen and rejected response counted once per pair): {safe, unsafe} = {N / (2 N_safe), N / (2 N_unsafe)} with
     * N = N_safe + N_unsafe, so each class carries half of the anchor; {1, 1} when a class is absent.
     */
    public static double[] balancedClassWeights(List<TokenizedPair> pairs) {
        long safe = 0;
        long unsafe = 0;
        for (TokenizedPair p : pairs) {
            for (int label : new int[] {p.chosenSafe(), p.rejectedSafe()}) {
                if (label == 1) {
                    safe++;
                } else if (label == 0) {
                    unsafe++;
                }
            }
        }
        if (safe == 0 || unsafe == 0) {
            return new double[] {1, 1};
        }
        double n = safe + unsafe;
        return new double[] {n / (2.0 * safe), n / (2.0 * unsafe)};
    }
}
