package org.rlhf4j.data.tokenizer;

/**
 * What one run of {@link BpeTokenizerTrainer} produced.
 *
 * @param vocabSize            pieces in the written vocabulary (reserved ones included); smaller than the requested
 *                             size only when no pair reached {@code minFrequency}
 * @param alphabetSize         learned single-character pieces (the covered characters, "▁" included)
 * @param mergeCount           learned merges
 * @param lineCount            non-empty corpus lines
 * @param characterCount       code points in the non-empty corpus lines
 * @param trainingTokenCount   tokens of the corpus under the trainer's own final segmentation (byte fallback counted
 *                             as one token per UTF-8 byte); encoding with the written tokenizer gives nearly the same
 * @param elapsedMillis        wall time of counting, training and writing
 */
public record BpeTrainingReport(int vocabSize, int alphabetSize, int mergeCount, long lineCount, long characterCount,
                                long trainingTokenCount, long elapsedMillis) {

    /** {@code trainingTokenCount / characterCount}: below 1 when the pieces compress the corpus. */
    public double tokensPerCharacter() {
        return characterCount == 0 ? 0.0 : (double) trainingTokenCount / characterCount;
    }
}
