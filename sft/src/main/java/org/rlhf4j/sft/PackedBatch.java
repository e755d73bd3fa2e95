package org.rlhf4j.sft;

import java.util.List;
import org.rlhf4j.data.packing.PackedRow;

/**
 * One micro-batch of packed rows, all of the same length T.
 *
 * @param rows the B rows (tokens, loss mask, segment ids; see {@link PackedRow} for the label convention)
 */
public record PackedBatch(List<PackedRow> rows) {

    public PackedBatch {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a micro-batch needs at least one row");
        }
        int t = rows.get(0).tokens().length;
        for (PackedRow r : rows) {
            if (r.tokens().length != t) {
                throw new IllegalArgumentException("rows of one micro-batch must have the same length");
            }
        }
    }

    /** B. */
    public int size() {
        return rows.size();
    }

    /** T. */
    public int sequenceLength() {
        return rows.get(0).tokens().length;
    }

    /** Token ids, row-major (B·T), for a (B, T) int64 array. */
    public long[] tokenIds() {
        int t = sequenceLength();
        long[] out = new long[size() * t];
        for (int b = 0; b < size(); b++) {
            int[] tokens = rows.get(b).tokens();
            for (int i = 0; i < t; i++) {
                out[b * t + i] = tokens[i];
            }
        }
        return out;
    }

    /** Loss mask, row-major (B·T), 0/1, for a (B, T) float32 array. */
    public float[] lossMask() {
        int t = sequenceLength();
        float[] out = new float[size() * t];
        for (int b = 0; b < size(); b++) {
            int[] mask = rows.get(b).lossMask();
            for (int i = 0; i < t; i++) {
                out[b * t + i] = mask[i];
            }
        }
        return out;
    }

    /** Segment ids per row (B × T). */
    public int[][] segmentIds() {
        int[][] out = new int[size()][];
        for (int b = 0; b < size(); b++) {
            out[b] = rows.get(b).segmentIds();
        }
        return out;
    }

    /** Positions with loss mask 1 at t ≥ 1: the units the loss averages over. */
    public long targetTokens() {
        long n = 0;
        for (PackedRow r : rows) {
            for (int i = 1; i < r.lossMask().length; i++) {
                n += r.lossMask()[i];
            }
        }
        return n;
    }

    /** Non-padding tokens (segment id ≠ 0). */
    public long realTokens() {
        long n = 0;
        for (PackedRow r : rows) {
            for (int s : r.segmentIds()) {
                n += s != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
