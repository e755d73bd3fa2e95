package org.rlhf4j.rewardmodel;

import java.util.List;

/**
 * One micro-batch of P preference pairs, tokenised by {@link RewardModelInput}: its 2P rows (chosen then rejected)
 * go through one forward together.
 *
 * @param chosen the P chosen rows
 * @param rejected the P rejected rows, pair by pair
 * @param margins m(rating) of each pair (P)
 * @param chosenSafe per pair, whether the chosen response is safe (1), unsafe (0) or unknown (−1: helpfulness pairs)
 * @param rejectedSafe the same for the rejected response
 */
public record PairBatch(List<int[]> chosen, List<int[]> rejected, float[] margins, int[] chosenSafe,
                        int[] rejectedSafe) {

    public PairBatch {
        int p = chosen.size();
        if (p == 0 || rejected.size() != p || margins.length != p || chosenSafe.length != p
                || rejectedSafe.length != p) {
            throw new IllegalArgumentException("a pair batch needs P > 0 chosen, rejected, margins and labels");
        }
    }

    /** Number of pairs P. */
    public int pairs() {
        return chosen.size();
    }

    /** Real tokens in the 2P rows. */
    public long tokens() {
        long n = 0;
        for (int i = 0; i < chosen.size(); i++) {
            n += chosen.get(i).length + rejected.get(i).length;
        }
        return n;
    }
}
