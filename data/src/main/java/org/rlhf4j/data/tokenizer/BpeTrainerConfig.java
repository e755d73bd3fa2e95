package org.rlhf4j.data.tokenizer;

/**
 * Settings of {@link BpeTokenizerTrainer}, after SentencePiece's BPE trainer as Llama 2 used it.
 *
 * @param vocabSize          total pieces including the 259 reserved ones ({@link LlamaPieces}); at least 260.
 *                           Llama 2: 32000. Training stops earlier (smaller vocabulary) when no pair occurs at least
 *                           {@code minFrequency} times.
 * @param characterCoverage  fraction of the corpus's characters (counted with multiplicity, "▁" included) that the
 *                           base alphabet must cover; characters are taken most frequent first until the covered
 *                           fraction reaches this value, the rest are left to byte fallback. In (0, 1]; default
 *                           0.9995 (SentencePiece's default, Llama 2's setting).
 * @param minFrequency       a pair is merged only if it occurs at least this many times; at least 1; default 2.
 * @param maxPieceLength     longest learned piece in code points; at least 2; default 16 (SentencePiece's
 *                           {@code max_sentencepiece_length}).
 */
public record BpeTrainerConfig(int vocabSize, double characterCoverage, int minFrequency, int maxPieceLength) {

    /** Default character coverage (SentencePiece, Llama 2). */
    public static final double DEFAULT_CHARACTER_COVERAGE = 0.9995;
    /** Default minimum pair count for a merge. */
    public static final int DEFAULT_MIN_FREQUENCY = 2;
    /** Default maximum piece length in code points. */
    public static final int DEFAULT_MAX_PIECE_LENGTH = 16;
    /** Smallest accepted vocabulary: the 259 reserved pieces plus "▁". */
    public static final int MIN_VOCAB_SIZE = LlamaPieces.FIRST_LEARNED_ID + 1;

    public BpeTrainerConfig {
        if (vocabSize < MIN_VOCAB_SIZE) {
            throw new IllegalArgumentException("vocabSize must be >= " + MIN_VOCAB_SIZE
                    + " (259 reserved pieces + at least one learned piece), got " + vocabSize);
        }
        if (!(characterCoverage > 0.0 && characterCoverage <= 1.0)) {
            throw new IllegalArgumentException("characterCoverage must be in (0, 1], got " + characterCoverage);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
        }
        if (maxPieceLength < 2) {
            throw new IllegalArgumentException("maxPieceLength must be >= 2, got " + maxPieceLength);
        }
    }

    /** The given vocabulary size with the default coverage, minimum frequency and piece length. */
    public static BpeTrainerConfig ofVocabSize(int vocabSize) {
        return new BpeTrainerConfig(vocabSize, DEFAULT_CHARACTER_COVERAGE, DEFAULT_MIN_FREQUENCY,
                DEFAULT_MAX_PIECE_LENGTH);
    }

    /** Llama 2's tokenizer settings: 32000 pieces, coverage 0.9995. */
    public static BpeTrainerConfig llama2() {
        return ofVocabSize(32000);
    }
}
