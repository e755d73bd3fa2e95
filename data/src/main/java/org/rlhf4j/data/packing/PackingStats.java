package org.rlhf4j.data.packing;

/**
 * What packing did, so that no example disappears silently.
 *
 * @param examples examples given to the packer
 * @param packedExamples examples placed in a row (whole or truncated)
 * @param truncatedExamples examples cut on the left to fit a row (included in {@code packedExamples})
 * @param droppedExamples examples left out because they did not fit ({@code examples - packedExamples})
 * @param rows rows produced
 * @param tokens non-padding tokens in all rows
 * @param paddingTokens padding positions in all rows ({@code rows * sequenceLength - tokens})
 * @param targetTokens positions with loss mask 1
 * @param truncatedTokens tokens removed by truncation
 */
public record PackingStats(
        int examples,
        int packedExamples,
        int truncatedExamples,
        int droppedExamples,
        int rows,
        long tokens,
        long paddingTokens,
        long targetTokens,
        long truncatedTokens) {

    /** Fraction of row positions holding real tokens (1.0 = no padding); 0 when there are no rows. */
    public double fillRatio() {
        long all = tokens + paddingTokens;
        return all == 0 ? 0.0 : (double) tokens / all;
    }
}
