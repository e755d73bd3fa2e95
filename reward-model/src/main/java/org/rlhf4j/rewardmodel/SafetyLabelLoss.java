package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * The Safety RM's anchor on the absolute scale of its scores (not in the paper; see {@link RewardModelConfig}):
 * a class-weighted binary cross-entropy of σ(r) against what the safety label says about each response,
 *
 * <pre>
 *   L_anchor = Σ_i k_i · w_i · ℓ_i / Σ_i k_i
 *   ℓ_i      = −[s_i · log σ(r_i) + (1 − s_i) · log(1 − σ(r_i − c))]
 *            = s_i · softplus(−r_i) + (1 − s_i) · softplus(r_i − c)
 * </pre>
 *
 * with s = 1 for a safe response and 0 for an unsafe one, k = 1 where the label is known (0 elsewhere), w the
 * response's class weight ({@link #balancedClassWeights}, or 1) and c ≤ 0 the unsafe responses' offset. With w = 1
 * and c = 0 it is the mean cross-entropy, which ties σ(r) to P(safe). The ranking loss only sees differences r_c −
 * r_r, so it leaves the scores' offset free; this term is what gives the reward function's gate σ(R_s) &lt; 0.15
 * (Llama 2 eq. 4) a meaning. The gate flags a response only where P(unsafe) &gt; 0.85 under plain cross-entropy, and
 * the unsafe class is the minority; class weights and c &lt; 0 (an unsafe response's term is log 2 at r = c, e.g.
 * below the gate's logit(0.15) rather than at σ(r) = 0.5) move more of the anchor's pull onto unsafe responses.
 */
public final class SafetyLabelLoss {

    private SafetyLabelLoss() {}

    /**
     * The plain anchor: {@link #mean(NDArray, NDArray, NDArray, NDArray, double)} with w = k and c = 0, the mean
     * cross-entropy over the responses with a known label.
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
     * The class-weighted anchor with the unsafe offset.
     *
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @param weight each response's class weight w, shape (N), float (ignored where {@code known} is 0)
     * @param unsafeOffset c ≤ 0, the score at which an unsafe response's term is log 2 (0: cross-entropy)
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known, NDArray weight, double unsafeOffset) {
        NDArray unsafeTerm = Activation.softPlus(unsafeOffset == 0 ? scores : scores.sub((float) unsafeOffset));
        NDArray perResponse = safe.mul(Activation.softPlus(scores.neg())).add(safe.neg().add(1f).mul(unsafeTerm));
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
