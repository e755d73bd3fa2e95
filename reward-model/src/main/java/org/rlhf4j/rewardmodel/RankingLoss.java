package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The reward model's binary ranking loss with a margin (Llama 2 §3.2.2, eq. 2):
 *
 * <pre>
 *   L = −log σ(r_θ(x, y_c) − r_θ(x, y_r) − m(r))
 * </pre>
 *
 * where {@code y_c} is the response the annotator chose, {@code y_r} the rejected one and {@code m(r)} a margin that
 * grows with the preference rating ({@link MarginTable}; eq. 1, InstructGPT's loss, is {@code m = 0}). Computed as
 * {@code softPlus(−(r_c − r_r − m))}, which equals {@code −log σ(x)} and stays finite for any {@code x}.
 *
 * <p>The gradient with respect to the chosen score is {@code −σ(−(r_c − r_r − m))} = {@code σ(x) − 1}; with respect
 * to the rejected score it is {@code 1 − σ(x)}.
 */
public final class RankingLoss {

    private RankingLoss() {}

    /**
     * The loss of each pair.
     *
     * @param chosenReward r_θ(x, y_c), shape (P)
     * @param rejectedReward r_θ(x, y_r), shape (P)
     * @param margin m(rating) per pair, shape (P) (zeros for eq. 1)
     * @return −log σ(r_c − r_r − m), shape (P)
     */
    public static NDArray perPair(NDArray chosenReward, NDArray rejectedReward, NDArray margin) {
        requireSameShape(chosenReward, rejectedReward, margin);
        return Activation.softPlus(chosenReward.sub(rejectedReward).sub(margin).neg());
    }

    /**
     * The mean loss over the pairs: what one micro-batch contributes.
     *
     * @param chosenReward shape (P)
     * @param rejectedReward shape (P)
     * @param margin shape (P)
     * @return scalar ()
     */
    public static NDArray mean(NDArray chosenReward, NDArray rejectedReward, NDArray margin) {
        return perPair(chosenReward, rejectedReward, margin).mean();
    }

    /** The same loss for one pair in double precision (evaluation and reports): −log σ(r_c − r_r − m). */
    public static double of(double chosenReward, double rejectedReward, double margin) {
        double x = chosenReward - rejectedReward - margin;
        // softplus(−x) = max(−x, 0) + log1p(exp(−|x|)), stable for any x.
        return Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static void requireSameShape(NDArray chosen, NDArray rejected, NDArray margin) {
        if (chosen.getShape().dimension() != 1 || !chosen.getShape().equals(rejected.getShape())
                || !chosen.getShape().equals(margin.getShape())) {
            throw new IllegalArgumentException("chosen " + chosen.getShape() + ", rejected " + rejected.getShape()
                    + " and margin " + margin.getShape() + " must all be (P)");
        }
    }
}
