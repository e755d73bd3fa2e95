package org.rlhf4j.sft;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.data.packing.PackedRow;
import org.testng.annotations.Test;

public class PackedRowBatchesTest {

    private static List<PackedRow> rows(int n) {
        List<PackedRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new PackedRow(new int[] {1, 100 + i, 2}, new int[] {0, 1, 1}, new int[] {1, 1, 1}));
        }
        return rows;
    }

    private static int id(PackedRow row) {
        return row.tokens()[1] - 100;
    }

    @Test
    public void everyEpochVisitsEveryRowOnceInItsOwnOrder() {
        PackedRowBatches data = new PackedRowBatches(rows(10), 5, true, 42);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            for (PackedRow r : data.next().rows()) {
                (p < 2 ? first : second).add(id(r));
            }
        }
        assertEquals(new HashSet<>(first), Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals(new HashSet<>(second), Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertNotEquals(first, second);
        assertEquals(data.position(), 4);
    }

    @Test
    public void aSeekedSourceGivesTheSameBatchesAsAnUninterruptedOne() {
        PackedRowBatches straight = new PackedRowBatches(rows(7), 3, true, 5);
        List<List<PackedRow>> expected = new ArrayList<>();
        for (int p = 0; p < 9; p++) {
            expected.add(straight.next().rows());
        }
        PackedRowBatches fresh = new PackedRowBatches(rows(7), 3, true, 5);
        fresh.seek(4);
        for (int p = 4; p < 9; p++) {
            assertEquals(fresh.next().rows(), expected.get(p), "micro-batch " + p);
        }
    }

    @Test
    public void withoutShufflingRowsComeInOrderAndWrapAcrossEpochs() {
        PackedRowBatches data = new PackedRowBatches(rows(3), 2, false, 0);
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            data.next().rows().forEach(r -> ids.add(id(r)));
        }
        assertEquals(ids, List.of(0, 1, 2, 0, 1, 2));
        PackedBatch b = new PackedRowBatches(rows(3), 2, false, 0).next();
        assertEquals(b.targetTokens(), 4); // position 0 never counts
        assertEquals(b.realTokens(), 6);
    }
}
