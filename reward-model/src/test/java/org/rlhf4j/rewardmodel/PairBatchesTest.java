package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.data.format.Rating;
import org.testng.annotations.Test;

public class PairBatchesTest {

    private static List<TokenizedPair> pairs(int n) {
        List<TokenizedPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TokenizedPair(new int[] {1, i}, new int[] {1, i, 7}, Rating.values()[i % 4], -1, -1));
        }
        return out;
    }

    @Test
    public void everyPairOncePerEpochAndSeekReplays() {
        PairBatches data = new PairBatches(pairs(10), 4, MarginTable.SMALL, true, 3);
        assertEquals(data.batchesPerEpoch(), 3);
        Set<Integer> seen = new HashSet<>();
        List<PairBatch> first = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            PairBatch batch = data.next();
            first.add(batch);
            for (int i = 0; i < batch.pairs(); i++) {
                seen.add(batch.chosen().get(i)[1]);
                assertEquals(batch.margins()[i], (float) MarginTable.SMALL.margin(Rating.values()[
                        batch.chosen().get(i)[1] % 4]));
            }
        }
        assertEquals(seen.size(), 10);
        assertEquals(first.get(2).pairs(), 2);
        assertEquals(data.pairsBefore(3), 10);
        PairBatch secondEpoch = data.next();
        PairBatches fresh = new PairBatches(pairs(10), 4, MarginTable.SMALL, true, 3);
        fresh.seek(3);
        assertEquals(ids(fresh.next()), ids(secondEpoch));
        fresh.seek(1);
        assertEquals(ids(fresh.next()), ids(first.get(1)));
    }

    /**
     * Length groups: each group of G micro-batches holds the pairs the plain shuffle put there, longest first, so
     * every epoch still serves each pair once, and a seek replays the grouped order.
     */
    @Test
    public void lengthGroupsSortEachGroupLongestFirst() {
        List<TokenizedPair> pairs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            int[] rejected = new int[2 + (i * 7) % 11]; // lengths 2..12 in a scrambled order
            rejected[1] = i;
            pairs.add(new TokenizedPair(new int[] {1, i}, rejected, Rating.values()[i % 4], -1, -1));
        }
        PairBatches plain = new PairBatches(pairs, 2, MarginTable.SMALL, true, 5);
        PairBatches grouped = new PairBatches(pairs, 2, MarginTable.SMALL, true, 5, 2);
        List<Integer> plainOrder = new ArrayList<>();
        List<Integer> groupedOrder = new ArrayList<>();
        for (int b = 0; b < plain.batchesPerEpoch(); b++) {
            plainOrder.addAll(ids(plain.next()));
            groupedOrder.addAll(ids(grouped.next()));
        }
        for (int from = 0; from < 11; from += 4) { // groups of 2 micro-batches x 2 pairs
            List<Integer> expected = new ArrayList<>(plainOrder.subList(from, Math.min(11, from + 4)));
            expected.sort(java.util.Comparator.comparingInt((Integer i) -> pairs.get(i).maxLength()).reversed());
            assertEquals(groupedOrder.subList(from, Math.min(11, from + 4)), expected, "group at " + from);
        }
        assertEquals(new HashSet<>(groupedOrder).size(), 11);
        PairBatches fresh = new PairBatches(pairs, 2, MarginTable.SMALL, true, 5, 2);
        fresh.seek(3);
        assertEquals(ids(fresh.next()), groupedOrder.subList(6, 8));
    }

    private static List<Integer> ids(PairBatch b) {
        return b.chosen().stream().map(r -> r[1]).toList();
    }
}
