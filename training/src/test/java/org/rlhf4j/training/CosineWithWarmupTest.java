package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class CosineWithWarmupTest {

    @Test
    public void warmupRisesLinearlyToThePeak() {
        CosineWithWarmup s = new CosineWithWarmup(1.0, 101, 10, 0.1);
        assertEquals(s.at(0), 0.1, 1e-12);  // (0 + 1) / 10
        assertEquals(s.at(4), 0.5, 1e-12);
        assertEquals(s.at(9), 1.0, 1e-12);  // peak at the last warm-up step
        assertEquals(s.at(10), 1.0, 1e-12); // cosine starts at the peak
    }

    @Test
    public void cosineReachesTheTenPercentFloorAtTheLastStep() {
        CosineWithWarmup s = CosineWithWarmup.llama2(2e-5, 101, 10);
        // Decay over steps 10 … 100 (90 intervals); halfway (step 55) is the mean of peak and floor.
        assertEquals(s.at(55), 0.5 * (2e-5 + 2e-6), 1e-15);
        assertEquals(s.at(100), 2e-6, 1e-18);
        assertEquals(s.at(500), 2e-6, 1e-18); // beyond the run: stays at the floor
        for (int step = 10; step < 100; step++) {
            assertTrue(s.at(step + 1) < s.at(step), "not decreasing at " + step);
        }
    }

    @Test
    public void noWarmupStartsAtThePeak() {
        CosineWithWarmup s = new CosineWithWarmup(3.0, 5, 0, 0.1);
        assertEquals(s.at(0), 3.0, 1e-12);
        // step 2 of 0…4 is halfway: 0.3 + 2.7 · ½(1 + cos(π/2)) = 1.65
        assertEquals(s.at(2), 1.65, 1e-12);
        assertEquals(s.at(4), 0.3, 1e-12);
    }

    @Test
    public void warmupFractionFollowsThePaperRewardModelRule() {
        assertEquals(CosineWithWarmup.warmupFromFraction(100, 0.03, 5), 5);    // 3 < 5
        assertEquals(CosineWithWarmup.warmupFromFraction(1000, 0.03, 5), 30);
        assertEquals(CosineWithWarmup.warmupFromFraction(1001, 0.03, 5), 31);  // ceil(30.03)
        assertEquals(CosineWithWarmup.warmupFromFraction(3, 0.03, 5), 2);      // capped at N − 1
    }

    @Test
    public void constantIsConstant() {
        LearningRateSchedule s = new ConstantLearningRate(1e-6);
        assertEquals(s.at(0), 1e-6);
        assertEquals(s.at(12345), 1e-6);
    }

    @Test
    public void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new CosineWithWarmup(1.0, 10, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CosineWithWarmup(0.0, 10, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CosineWithWarmup(1.0, 10, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineWithWarmup(1.0, 10, 1, 0.1).at(-1));
    }

    @Test
    public void scheduleConfigBuildsTheResolvedSchedule() {
        LearningRateSchedule s = ScheduleConfig.llama2Sft().build(1000);
        assertTrue(s instanceof CosineWithWarmup);
        assertEquals(((CosineWithWarmup) s).warmupSteps(), 30);
        assertEquals(s.at(29), 2e-5, 1e-18);
        assertEquals(s.at(999), 2e-6, 1e-18);
        assertEquals(ScheduleConfig.constant(1e-6).build(10).at(9), 1e-6);
    }
}
