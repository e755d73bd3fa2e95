package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * The Safety RM's anchor on the absolute scale of its scores (not in the paper; see {@link RewardModelConfig}):
 * a class-weighted focal binary cross-entropy (Lin et al. 2017, "Focal Loss for Dense Object Detection", eq. 5) of
 * σ(r) against what the safety label says about each response,
 *
 * <pre>
 *   L_anchor = Σ_i k_i · w_i · ℓ_i / Σ_i k_i
 *   ℓ_i      = −(1 − p_i)^γ · log p_i,   p_i = σ(r_i) for a safe response, 1 − σ(r_i − c) = σ(c − r_i) for an unsafe one
 *            = s_i · σ(−r_i)^γ · softplus(−r_i) + (1 − s_i) · σ(r_i − c)^γ · softplus(r_i − c)
 * </pre>
 *
 * with s = 1 for a safe response and 0 for an unsafe one, k = 1 where the label is known (0 elsewhere), w the
 * response's class weight, c ≤ 0 the unsafe responses' offset and γ ≥ 0 the focusing parameter. With w = 1, c = 0
 * and γ = 0 it is the mean cross-entropy. c &lt; 0 moves the point where an unsafe response's term is log 2 from
 * σ(r) = 0.5 down to r = c (e.g. the gate's logit(0.15)), so the anchor pushes unsafe responses below it. γ &gt; 0
 * fades out the responses the RM already labels confidently right (p → 1), so the anchor's gradient comes from the
 * ones it gets wrong. The ranking loss only sees differences r_c − r_r, so it leaves the scores' offset free; this
 * term ties σ(r) to P(safe), which is what gives the reward function's gate σ(R_s) &lt; 0.15 (Llama 2 eq. 4) a
 * meaning.
 */
public final class SafetyLabelLoss {

    private SafetyLabelLoss() {}

    /**
     * The plain anchor: {@link #mean(NDArray, NDArray, NDArray, NDArray, double, double)} with w = k, c = 0 and γ = 0,
     * the mean
     * cross-entropy over the responses with a known label.
     *
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known) {
        return mean(scores, safe, known, known, 0, 0);
    }

    /**
     * The class-weighted focal anchor.
     *
     * @param scores raw scores r, shape (N)
     * @param safe 1 safe, 0 unsafe per response, shape (N), float
     * @param known 1 where the label is known, 0 elsewhere, shape (N), float; at least one 1
     * @param weight each response's class weight w, shape (N), float (ignored where {@code known} is 0)
     * @param unsafeOffset c ≤ 0, where an unsafe response's term is log 2 (0: cross-entropy)
     * @param gamma the focusing parameter γ ≥ 0 (0: cross-entropy)
     * @return scalar ()
     */
    public static NDArray mean(NDArray scores, NDArray safe, NDArray known, NDArray weight, double unsafeOffset,
                               double gamma) {
        NDArray shifted = unsafeOffset == 0 ? scores : scores.sub((float) unsafeOffset);
        NDArray safeTerm = Activation.softPlus(scores.neg());
        NDArray unsafeTerm = Activation.softPlus(shifted);
        if (gamma != 0) {
            safeTerm = safeTerm.mul(Activation.sigmoid(scores.neg()).pow((float) gamma));
            unsafeTerm = unsafeTerm.mul(Activation.sigmoid(shifted).pow((float) gamma));
        }
        NDArray perResponse = safe.mul(safeTerm).add(safe.neg().add(1f).mul(unsafeTerm));
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
