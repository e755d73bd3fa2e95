package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class PpoLossTest {

    private NDManager manager;

    @BeforeClass
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterClass
    public void close() {
        manager.close();
    }

    private NDArray row(float... v) {
        return manager.create(v, new Shape(1, v.length));
    }

    @Test
    public void clippedSurrogateHandComputed() {
        // ratios ρ = (e^0.5, e^−0.5, 1, e^1) ≈ (1.6487, 0.6065, 1, 2.7183); A = (1, 1, −2, −1); the last masked out.
        NDArray old = row(0, 0, 0, 0);
        NDArray lp = row(0.5f, -0.5f, 0, 1);
        NDArray adv = row(1, 1, -2, -1);
        NDArray mask = row(1, 1, 1, 0);
        // token 0: min(1.6487·1, 1.2·1) = 1.2; token 1: min(0.6065, 0.8) = 0.6065; token 2: min(−2, −2) = −2
        double expected = -(1.2 + Math.exp(-0.5) - 2.0) / 3;
        assertEquals(PpoLoss.compute(lp, old, adv, mask, 0.2).getFloat(), expected, 1e-6);
        // clipped: tokens 0 and 1 (|ρ − 1| > 0.2); token 2 not → 2 / 3
        assertEquals(PpoLoss.clipFraction(lp, old, mask, 0.2), 2.0 / 3, 1e-6);
        // k3: (ρ − 1) − log ρ
        double k3 = ((Math.exp(0.5) - 1 - 0.5) + (Math.exp(-0.5) - 1 + 0.5) + 0) / 3;
        assertEquals(PpoLoss.approxKl(lp, old, mask), k3, 1e-6);
    }

    @Test
    public void negativeAdvantageTakesThePessimisticClippedTerm() {
        // ρ = e^0.5 > 1.2 with A = −1: min(−1.6487, −1.2) = −1.6487 (unclipped, the gradient is kept)
        assertEquals(PpoLoss.compute(row(0.5f), row(0), row(-1), row(1), 0.2).getFloat(), Math.exp(0.5), 1e-5);
    }

    @Test
    public void ratioOneIsMinusMeanAdvantage() {
        NDArray lp = row(-1.2f, -0.3f);
        assertEquals(PpoLoss.compute(lp, lp, row(0.5f, 1.5f), row(1, 1), 0.2).getFloat(), -1.0, 1e-6);
        assertEquals(PpoLoss.approxKl(lp, lp, row(1, 1)), 0.0, 1e-9);
        assertEquals(PpoLoss.clipFraction(lp, lp, row(1, 1), 0.2), 0.0);
    }

    @Test
    public void valueLossHandComputed() {
        // V = (1.0, 0.0, 2.0), V_old = (0.5, 0.5, 2.0), R = (2.0, −1.0, 0.0), ε_v = 0.2
        // token 0: V_clip = 0.7; max((1−2)², (0.7−2)²) = 1.69
        // token 1: V_clip = 0.3; max((0+1)², (0.3+1)²) = 1.69
        // token 2: V_clip = 2.0; max(4, 4) = 4
        NDArray loss = ValueLoss.compute(row(1, 0, 2), row(0.5f, 0.5f, 2), row(2, -1, 0), row(1, 1, 1), 0.2);
        assertEquals(loss.getFloat(), 0.5 * (1.69 + 1.69 + 4) / 3, 1e-5);
        // with the third token masked out
        NDArray masked = ValueLoss.compute(row(1, 0, 2), row(0.5f, 0.5f, 2), row(2, -1, 0), row(1, 1, 0), 0.2);
        assertEquals(masked.getFloat(), 0.5 * 1.69, 1e-5);
    }
}
