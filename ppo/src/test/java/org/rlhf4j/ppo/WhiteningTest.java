package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;

import java.util.List;
import org.testng.annotations.Test;

public class WhiteningTest {

    @Test
    public void runningStatisticsCoverEveryScoreSoFar() {
        Whitening w = new Whitening(Whitening.Statistics.RUNNING);
        float[] first = w.whitenScores(new float[] {1, 3}); // μ 2, σ 1
        assertEquals(first[0], -1f, 1e-6);
        assertEquals(first[1], 1f, 1e-6);
        // then {1, 3, 5, 7}: μ 4, σ = √5
        float[] second = w.whitenScores(new float[] {5, 7});
        assertEquals(second[0], (float) (1 / Math.sqrt(5)), 1e-6);
        assertEquals(second[1], (float) (3 / Math.sqrt(5)), 1e-6);
        assertEquals(w.runningMean(), 4.0, 1e-12);
    }

    @Test
    public void batchStatisticsForgetEarlierBatches() {
        Whitening w = new Whitening(Whitening.Statistics.BATCH);
        w.whitenScores(new float[] {100, 200});
        float[] out = w.whitenScores(new float[] {5, 7}); // μ 6, σ 1
        assertEquals(out[0], -1f, 1e-6);
        assertEquals(out[1], 1f, 1e-6);
    }

    @Test
    public void restoreRoundTripsExactly() {
        Whitening a = new Whitening(Whitening.Statistics.RUNNING);
        a.whitenScores(new float[] {0.3f, -1.7f, 2.9f});
        Whitening b = new Whitening(Whitening.Statistics.RUNNING);
        b.restore(a.seen());
        float[] next = {0.1f, 4.2f};
        float[] fromA = a.whitenScores(next);
        float[] fromB = b.whitenScores(next);
        assertEquals(fromB, fromA);
        assertEquals(b.seen(), a.seen());
    }

    @Test
    public void constantScoresWhitenToZero() {
        float[] out = new Whitening(Whitening.Statistics.RUNNING).whitenScores(new float[] {2, 2, 2});
        assertEquals(out[0], 0f);
    }

    @Test
    public void advantagesWhitenedOverAllTokensOfTheBatch() {
        // tokens {1, 2} and {3, 4, 5}: μ 3, σ = √2
        List<float[]> out = Whitening.whitenBatch(List.of(new float[] {1, 2}, new float[] {3, 4, 5}));
        double s = Math.sqrt(2);
        assertEquals(out.get(0)[0], (float) (-2 / s), 1e-6);
        assertEquals(out.get(1)[0], 0f, 1e-6);
        assertEquals(out.get(1)[2], (float) (2 / s), 1e-6);
    }
}
