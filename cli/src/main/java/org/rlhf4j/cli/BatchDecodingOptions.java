package org.rlhf4j.cli;

import org.rlhf4j.eval.ChatSamplingConfig;
import picocli.CommandLine.Option;

/**
 * The decoding flags of commands that answer a file of prompts in batches ({@code judge}, {@code preferences
 * sample}): nucleus threshold, answer length and prompts decoded together, with {@link ChatSamplingConfig}'s
 * defaults. The temperature stays with each command (one per run for {@code judge}, one per variant for
 * {@code preferences sample}).
 */
final class BatchDecodingOptions {

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--max-new-tokens", defaultValue = "" + ChatSamplingConfig.DEFAULT_MAX_NEW_TOKENS,
            description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--batch-size", defaultValue = "" + ChatSamplingConfig.DEFAULT_BATCH_SIZE,
            description = "Prompts decoded together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** The settings at {@code temperature}. */
    ChatSamplingConfig at(double temperature) {
        return new ChatSamplingConfig(temperature, topP, maxNewTokens, batchSize);
    }
}
