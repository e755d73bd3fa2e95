package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;

/** Means over the response tokens of a padded (B, T) batch. */
public final class MaskedOps {

    private MaskedOps() {}

    /**
     * {@code Σ x·m / Σ m}.
     *
     * @param x (B, T) values
     * @param mask (B, T) float32 of 0/1, at least one 1
     * @return scalar
     */
    public static NDArray maskedMean(NDArray x, NDArray mask) {
        if (!x.getShape().equals(mask.getShape())) {
            throw new IllegalArgumentException("values " + x.getShape() + " and mask " + mask.getShape() + " differ");
        }
        return x.mul(mask).sum().div(mask.sum());
    }
}
