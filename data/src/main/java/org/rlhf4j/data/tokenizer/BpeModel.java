package org.rlhf4j.data.tokenizer;

import java.util.List;

/**
 * A learned byte-pair-encoding vocabulary: the pieces by id and the merges in the order they were learned (a merge's
 * index is its rank: lower ranks apply first when encoding).
 *
 * @param pieces piece string of each id; ids 0..258 are {@link LlamaPieces#reservedPieces()}
 * @param merges learned merges, in rank order
 */
public record BpeModel(List<String> pieces, List<Merge> merges) {

    /** One merge rule: the adjacent pieces {@code left right} become {@code result}. Ids index {@link #pieces}. */
    public record Merge(int left, int right, int result) {}

    public BpeModel {
        pieces = List.copyOf(pieces);
        merges = List.copyOf(merges);
        if (pieces.size() < LlamaPieces.FIRST_LEARNED_ID
                || !pieces.subList(0, LlamaPieces.FIRST_LEARNED_ID).equals(LlamaPieces.reservedPieces())) {
            throw new IllegalArgumentException("pieces must start with the 259 reserved Llama pieces");
        }
        for (Merge m : merges) {
            if (!pieces.get(m.result()).equals(pieces.get(m.left()) + pieces.get(m.right()))) {
                throw new IllegalArgumentException("merge " + m + " does not concatenate its pieces");
            }
        }
    }

    /** Number of pieces, reserved ones included. */
    public int vocabSize() {
        return pieces.size();
    }
}
