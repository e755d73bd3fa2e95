package org.rlhf4j.rejectionsampling;

import java.util.Arrays;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * Expected best-of-N and median-of-N rewards estimated from all K samples of a prompt (Llama 2 Fig. 7 and 8).
 *
 * <p>Drawing N of the K samples without replacement, the j-th smallest of the N is the i-th smallest of the K
 * (rewards sorted ascending, {@code r_(1) ≤ … ≤ r_(K)}) with probability {@code C(i−1, j−1)·C(K−i, N−j) / C(K, N)},
 * so
 * <pre>
 * E[j-th smallest of N] = Σ_i r_(i) · C(i−1, j−1) · C(K−i, N−j) / C(K, N)
 * E[max of N]           = Σ_i r_(i) · C(i−1, N−1) / C(K, N)                  (j = N)
 * </pre>
 * This uses every sample for every N (lower variance than the max of the first N) and is exact for ties.
 */
public final class OrderStatistics {

    private OrderStatistics() {}

    /**
     * E[max of N drawn without replacement from the K rewards].
     *
     * @param rewards the K rewards of one prompt, in any order
     * @param n subset size, 1 ≤ n ≤ K
     */
    public static double expectedMax(double[] rewards, int n) {
        return expectedOrderStatistic(rewards, n, n);
    }

    /**
     * E[median of N drawn without replacement]: the middle order statistic for odd N, the mean of the two middle
     * ones for even N.
     */
    public static double expectedMedian(double[] rewards, int n) {
        if (n % 2 == 1) {
            return expectedOrderStatistic(rewards, n, (n + 1) / 2);
        }
        return 0.5 * (expectedOrderStatistic(rewards, n, n / 2) + expectedOrderStatistic(rewards, n, n / 2 + 1));
    }

    /**
     * E[j-th smallest of N drawn without replacement from the K rewards] (formula in the class comment).
     *
     * @param j rank among the N, 1 (minimum) … N (maximum)
     */
    public static double expectedOrderStatistic(double[] rewards, int n, int j) {
        int k = rewards.length;
        if (k < 1) {
            throw new IllegalArgumentException("need at least one reward");
        }
        if (n < 1 || n > k) {
            throw new IllegalArgumentException("N must be in [1, K=" + k + "], got " + n);
        }
        if (j < 1 || j > n) {
            throw new IllegalArgumentException("rank j must be in [1, N=" + n + "], got " + j);
        }
        double[] sorted = rewards.clone();
        Arrays.sort(sorted);
        double subsets = CombinatoricsUtils.binomialCoefficientDouble(k, n);
        double sum = 0;
        for (int i = j; i <= k - (n - j); i++) { // r_(i) can be the j-th of N only if j−1 below and N−j above fit
            double ways = CombinatoricsUtils.binomialCoefficientDouble(i - 1, j - 1)
                    * CombinatoricsUtils.binomialCoefficientDouble(k - i, n - j);
            sum += sorted[i - 1] * ways;
        }
        return sum / subsets;
    }
}
