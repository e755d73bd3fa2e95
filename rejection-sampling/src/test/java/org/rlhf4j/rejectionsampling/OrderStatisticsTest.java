package org.rlhf4j.rejectionsampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

public class OrderStatisticsTest {

    @Test
    public void handComputedBestOfTwoAmongFour() {
        // Pairs of {1,2,3,4}: maxima 2,3,4,3,4,4 → 20/6.
        double[] rewards = {3, 1, 4, 2};
        assertEquals(OrderStatistics.expectedMax(rewards, 2), 20.0 / 6, 1e-12);
        assertEquals(OrderStatistics.expectedMax(rewards, 1), 2.5, 1e-12, "N = 1: the mean");
        assertEquals(OrderStatistics.expectedMax(rewards, 4), 4.0, 1e-12, "N = K: the max");
        // Triples: (1,2,3) (1,2,4) (1,3,4) (2,3,4): maxima 3,4,4,4 → 15/4; medians 2,2,3,3 → 2.5.
        assertEquals(OrderStatistics.expectedMax(rewards, 3), 15.0 / 4, 1e-12);
        assertEquals(OrderStatistics.expectedMedian(rewards, 3), 2.5, 1e-12);
        // Minimum of a pair: 1,1,1,2,2,3 → 10/6.
        assertEquals(OrderStatistics.expectedOrderStatistic(rewards, 2, 1), 10.0 / 6, 1e-12);
    }

    @Test
    public void tiesCountOnce() {
        double[] rewards = {5, 5, 0};
        // Pairs: (5,5) (5,0) (5,0): maxima all 5.
        assertEquals(OrderStatistics.expectedMax(rewards, 2), 5.0, 1e-12);
        assertEquals(OrderStatistics.expectedMedian(rewards, 3), 5.0, 1e-12);
    }

    @Test
    public void equalsEnumerationOfAllSubsets() {
        SplittableRandom random = new SplittableRandom(3);
        double[] rewards = new double[7];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = random.nextGaussian();
        }
        for (int n = 1; n <= rewards.length; n++) {
            double sumMax = 0;
            double sumMedian = 0;
            List<int[]> subsets = subsets(rewards.length, n);
            for (int[] s : subsets) {
                double[] values = Arrays.stream(s).mapToDouble(i -> rewards[i]).sorted().toArray();
                sumMax += values[n - 1];
                sumMedian += n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
            }
            assertEquals(OrderStatistics.expectedMax(rewards, n), sumMax / subsets.size(), 1e-9, "N = " + n);
            assertEquals(OrderStatistics.expectedMedian(rewards, n), sumMedian / subsets.size(), 1e-9, "N = " + n);
        }
    }

    @Test
    public void maxRisesWithN() {
        double[] rewards = {0.3, -1.2, 2.0, 0.7, 0.1, -0.4};
        for (int n = 2; n <= rewards.length; n++) {
            double previous = OrderStatistics.expectedMax(rewards, n - 1);
            double current = OrderStatistics.expectedMax(rewards, n);
            assertEquals(Math.max(previous, current), current, 0.0, "E[max] must not fall as N grows");
        }
    }

    @Test
    public void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> OrderStatistics.expectedMax(new double[] {1, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> OrderStatistics.expectedMax(new double[] {1, 2}, 0));
        assertThrows(IllegalArgumentException.class, () -> OrderStatistics.expectedMax(new double[0], 1));
    }

    private static List<int[]> subsets(int k, int n) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << k); mask++) {
            if (Integer.bitCount(mask) == n) {
                int[] s = new int[n];
                int j = 0;
                for (int i = 0; i < k; i++) {
                    if ((mask & (1 << i)) != 0) {
                        s[j++] = i;
                    }
                }
                out.add(s);
            }
        }
        return out;
    }
}
