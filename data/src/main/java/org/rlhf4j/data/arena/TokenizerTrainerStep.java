package org.rlhf4j.data.arena;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tokenizer step of the arena generator: trains a tokenizer of {@code vocabSize} tokens on the corpus and
 * writes it to {@code out} ({@code tokenizer.json}). Kept as an interface so the data module's BPE trainer plugs in
 * without the arena depending on it.
 */
@FunctionalInterface
public interface TokenizerTrainerStep {

    /** Trains on {@code corpus} and writes the tokenizer to {@code out}. */
    void train(Path corpus, int vocabSize, Path out) throws IOException;
}
