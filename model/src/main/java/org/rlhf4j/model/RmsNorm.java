package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;

/**
 * Root-mean-square layer normalisation (Zhang &amp; Sennrich 2019), as Llama uses it:
 * {@code y = x / sqrt(mean(x²) + ε) * g}, the mean taken over the last (hidden) axis.
 */
public final class RmsNorm {

    private RmsNorm() {}

    /**
     * @param x activations (..., d)
     * @param gain learned scale g (d)
     * @param epsilon ε as a scalar array (kept as an array: scalar arguments cost a temporary tensor per call)
     * @return normalised activations (..., d)
     */
    public static NDArray apply(NDArray x, NDArray gain, NDArray epsilon) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true); // (..., 1)
        return x.div(meanSquare.add(epsilon).sqrt()).mul(gain);
    }
}
