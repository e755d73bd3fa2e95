package org.rlhf4j.model;

import static org.testng.Assert.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.UnaryOperator;
import org.testng.annotations.Test;

public class OpsTest {

    /**
     * d/dx Σ f(x) for x = (1, 2, 3), with a full garbage collection between the forward and the backward pass: a
     * scalar that autograd saved but whose memory the collector freed would show up as a wrong gradient.
     */
    private static float[] gradientAfterCollection(UnaryOperator<NDArray> f) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            boolean gradMode = JniUtils.isGradMode();
            JniUtils.setGradMode(true);
            NDArray y;
            try {
                y = f.apply(x).sum();
            } finally {
                JniUtils.setGradMode(gradMode);
            }
            for (int i = 0; i < 5; i++) { // unreachable direct buffers are freed by the cleaner after a collection
                System.gc();
                Thread.sleep(20);
            }
            JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    public void scaleAndDivideKeepTheirScalarForTheBackwardPass() throws InterruptedException {
        assertEquals(gradientAfterCollection(x -> Ops.scale(x, 2.5)), new float[] {2.5f, 2.5f, 2.5f});
        assertEquals(gradientAfterCollection(x -> Ops.divide(x, 4.0)), new float[] {0.25f, 0.25f, 0.25f});
        assertEquals(gradientAfterCollection(x -> Ops.divide(Ops.scale(x.square(), 3.0), 2.0)),
                new float[] {3f, 6f, 9f});
    }

    @Test
    public void scalarLikeHasTheArraysTypeAndNoDimensions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = Ops.scalarLike(m.create(new double[] {1, 2}), 0.5);
            assertEquals(s.getDataType(), ai.djl.ndarray.types.DataType.FLOAT64);
            assertEquals(s.getShape().dimension(), 0);
            assertEquals(s.getDouble(), 0.5);
        }
    }
}
