package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Gradient clipping by global norm (Llama 2 §2.2: clip at 1.0), as PyTorch's {@code clip_grad_norm_}:
 *
 * <pre>
 *   ‖g‖ = √(Σ_i Σ_j g_ij²)          over every gradient tensor i
 *   if ‖g‖ &gt; maxNorm:  g ← g · maxNorm / (‖g‖ + 1e-6)
 * </pre>
 *
 * DJL's {@code optClipGrad} is an element-wise clamp, not this. A non-finite norm is returned unchanged and nothing
 * is scaled, so the caller can stop the run.
 */
public final class GlobalNormClipping {

    /** Added to the norm in the scale, as PyTorch does, so the clipped norm is strictly below the bound. */
    public static final double EPSILON = 1e-6;

    private GlobalNormClipping() {}

    /**
     * The global L2 norm of the gradients, squared and accumulated in double precision: a float32 gradient element
     * above ~1.8e19 is finite, but its square is not in float32, and such a spike must be clipped, not reported as an
     * infinite norm. Only a gradient that is itself infinite or NaN gives a non-finite norm.
     */
    public static double norm(List<NDArray> gradients) {
        double sumOfSquares = 0;
        try (NDScope scope = new NDScope()) {
            for (NDArray g : gradients) {
                sumOfSquares += g.toType(DataType.FLOAT64, false).square().sum().getDouble();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales the gradients in place so that their global norm is at most {@code maxNorm}.
     *
     * @param gradients gradient arrays (modified in place)
     * @param maxNorm the bound, &gt; 0
     * @return the norm before clipping
     */
    public static double clip(List<NDArray> gradients, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        double norm = norm(gradients);
        if (Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / (norm + EPSILON);
            boolean gradMode = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try (NDScope scope = new NDScope()) {
                for (NDArray g : gradients) {
                    g.muli(scale);
                }
            } finally {
                JniUtils.setGradMode(gradMode);
            }
        }
        return norm;
    }
}
