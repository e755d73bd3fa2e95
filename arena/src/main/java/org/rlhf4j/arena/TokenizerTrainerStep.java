package org.rlhf4j.arena;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;

/**
 * The tokenizer step of the arena generator: trains a tokenizer of {@code vocabSize} tokens on the corpus and
 * writes it to {@code out} ({@code tokenizer.json}). {@link #LLAMA_BPE} is the default: the project's Llama-style
 * BPE trainer; tests may plug in something cheaper.
 */
@FunctionalInterface
public interface TokenizerTrainerStep {

    /** Trains on {@code corpus} and writes the tokenizer to {@code out}. */
    void train(Path corpus, int vocabSize, Path out) throws IOException;

    /** Llama 2's tokenizer layout (byte fallback, split digits) trained with the default BPE settings. */
    TokenizerTrainerStep LLAMA_BPE = (corpus, vocabSize, out) ->
            BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(vocabSize), out);
}
