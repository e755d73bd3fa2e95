package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class TrainingRandomTest {

    @Test
    public void matchesTheSplitMix64ReferenceSequence() {
        // Reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
        TrainingRandom r = new TrainingRandom(1234567L);
        assertEquals(r.nextLong(), 6457827717110365317L);
        assertEquals(r.nextLong(), 3203168211198807973L);
    }

    @Test
    public void restoredStateContinuesTheSameSequence() {
        TrainingRandom a = new TrainingRandom(42);
        a.nextLong();
        a.nextGaussian();
        TrainingRandom b = TrainingRandom.restore(a.state());
        for (int i = 0; i < 10; i++) {
            assertEquals(b.nextLong(), a.nextLong());
        }
        for (int i = 0; i < 1000; i++) {
            int v = a.nextInt(7);
            assertTrue(v >= 0 && v < 7);
            double d = a.nextDouble();
            assertTrue(d >= 0 && d < 1);
        }
    }
}
