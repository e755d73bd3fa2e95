package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * A gradient collector for the calling thread only: grad mode on while it is open (restored on close), and
 * {@code backward} straight into libtorch's autograd, which accumulates into each parameter's gradient.
 *
 * <p>Why not {@code Engine.newGradientCollector()}: DJL's PyTorch collector allows one open collector in the whole
 * process (a second, on any thread, throws), so two training stages could not run side by side in one JVM (the
 * pipeline runs independent stages in parallel, one per core). Grad mode and autograd are per thread in libtorch;
 * this collector is the same calls without the process-wide flag. Gradients are zeroed by the training loop after
 * each update, as before ({@link #zeroGradients} is not offered: DJL's walks every array of the process).
 */
public final class GradientTape implements GradientCollector {

    private final boolean previousGradMode;

    /** Opens the tape: grad mode on for this thread. */
    public GradientTape() {
        previousGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Back-propagates a scalar: d target / d parameter is added to each parameter's gradient. */
    @Override
    public void backward(NDArray target) {
        try (NDArray ones = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
        }
    }

    /** Not offered: the loops zero their own parameters' gradients after each update. */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("zero the parameters' gradients in place after the update");
    }

    /** Restores this thread's grad mode. */
    @Override
    public void close() {
        JniUtils.setGradMode(previousGradMode);
    }
}
