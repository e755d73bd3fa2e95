package org.rlhf4j.data.packing;

import java.util.Arrays;

/**
 * One fixed-length training row of packed dialogs; all arrays have length {@code sequenceLength}.
 *
 * <p>Label convention: {@code lossMask[t] == 1} means token {@code t} is a training target, predicted from the
 * logits at position {@code t - 1} (so the loss pairs {@code logits[0 .. T-2]} with {@code tokens[1 .. T-1]} and
 * {@code lossMask[1 .. T-1]}). {@code lossMask[0]} is always 0: every example starts with BOS, which is never a
 * target, so a target is never predicted across an example boundary.
 *
 * @param tokens token ids, padding at the end of the row
 * @param lossMask 1 on assistant answer tokens (their EOS included) chosen by {@link LossOn}; 0 on BOS, system and
 *     user tokens and padding
 * @param segmentIds 1, 2, 3, ... for the first, second, third example of the row, 0 for padding; attention may be
 *     made block-diagonal by letting position t attend to s only when {@code segmentIds[t] == segmentIds[s]}
 */
public record PackedRow(int[] tokens, int[] lossMask, int[] segmentIds) {

    /** Checks the three arrays have the same length. */
    public PackedRow {
        if (tokens.length != lossMask.length || tokens.length != segmentIds.length) {
            throw new IllegalArgumentException("tokens (" + tokens.length + "), lossMask (" + lossMask.length
                    + ") and segmentIds (" + segmentIds.length + ") must have the same length");
        }
    }

    /** Number of examples in the row (the largest segment id). */
    public int exampleCount() {
        return Arrays.stream(segmentIds).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedRow r
                && Arrays.equals(tokens, r.tokens)
                && Arrays.equals(lossMask, r.lossMask)
                && Arrays.equals(segmentIds, r.segmentIds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(lossMask)) + Arrays.hashCode(segmentIds);
    }

    @Override
    public String toString() {
        return "PackedRow{tokens=" + Arrays.toString(tokens) + ", lossMask=" + Arrays.toString(lossMask)
                + ", segmentIds=" + Arrays.toString(segmentIds) + "}";
    }
}
