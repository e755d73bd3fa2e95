package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.testng.annotations.Test;

public class GlobalNormClippingTest {

    @Test
    public void normIsOverAllTensorsTogether() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f, 4f});
            NDArray b = m.create(new float[][] {{12f}});
            // √(9 + 16 + 144) = 13
            assertEquals(GlobalNormClipping.norm(List.of(a, b)), 13.0, 1e-6);
        }
    }

    @Test
    public void aboveTheBoundScalesToTheBound() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3f, 4f});
            NDArray b = m.create(new float[] {12f});
            double before = GlobalNormClipping.clip(List.of(a, b), 1.0);
            assertEquals(before, 13.0, 1e-6);
            double after = GlobalNormClipping.norm(List.of(a, b));
            assertTrue(after <= 1.0, "norm after clipping " + after);
            assertEquals(after, 1.0, 1e-5);
            // Direction kept: every element scaled by 1/13.
            assertEquals(a.toFloatArray()[0], 3.0 / 13, 1e-6);
            assertEquals(b.toFloatArray()[0], 12.0 / 13, 1e-6);
        }
    }

    @Test
    public void belowTheBoundIsUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {0.3f, -0.4f});
            double before = GlobalNormClipping.clip(List.of(a), 1.0);
            assertEquals(before, 0.5, 1e-6);
            assertEquals(a.toFloatArray(), new float[] {0.3f, -0.4f});
        }
    }

    @Test
    public void aFiniteSpikeWhoseSquareOverflowsFloatIsClippedNotReportedInfinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 3e20² = 9e40 is beyond float32 (3.4e38); the norm √(9e40 + 16e40) = 5e20 is not.
            NDArray a = m.create(new float[] {3e20f, 4e20f});
            double before = GlobalNormClipping.clip(List.of(a), 1.0);
            assertEquals(before / 5e20, 1.0, 1e-6);
            assertEquals(a.toFloatArray()[0], 0.6f, 1e-6f);
            assertEquals(a.toFloatArray()[1], 0.8f, 1e-6f);
            NDArray b = m.create(new float[] {Float.POSITIVE_INFINITY, 1f});
            assertTrue(Double.isInfinite(GlobalNormClipping.clip(List.of(b), 1.0)), "an infinite gradient stays so");
        }
    }
}
