package org.rlhf4j.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@link ChatSampler} answers prompts.
 *
 * @param temperature softmax temperature; 0 = greedy (argmax); default 0, so an evaluation is a stable, seed-free
 *     number (the paper samples; pass e.g. 1.0 to evaluate sampled answers)
 * @param topP nucleus sampling threshold in (0, 1]; 1 disables it; default 1
 * @param maxNewTokens the most tokens generated per answer; default 64 (every arena gold answer is far shorter)
 * @param batchSize prompts decoded together; default 32. Greedy answers do not depend on it; sampled answers are a
 *     function of (seed, batch size), since each batch draws from its own random stream
 */
public record ChatSamplingConfig(
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("batch_size") int batchSize) {

    /** Default {@link #maxNewTokens}. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 64;
    /** Default {@link #batchSize}. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    public ChatSamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /** The documented defaults: greedy, no top-p, 64 new tokens, batches of 32. */
    public static ChatSamplingConfig defaults() {
        return new ChatSamplingConfig(0.0, 1.0, DEFAULT_MAX_NEW_TOKENS, DEFAULT_BATCH_SIZE);
    }

    /** Greedy decoding with the default limits. */
    public static ChatSamplingConfig greedy() {
        return defaults();
    }

    public ChatSamplingConfig withTemperature(double t) {
        return new ChatSamplingConfig(t, topP, maxNewTokens, batchSize);
    }

    public ChatSamplingConfig withTopP(double p) {
        return new ChatSamplingConfig(temperature, p, maxNewTokens, batchSize);
    }

    public ChatSamplingConfig withMaxNewTokens(int n) {
        return new ChatSamplingConfig(temperature, topP, n, batchSize);
    }

    public ChatSamplingConfig withBatchSize(int b) {
        return new ChatSamplingConfig(temperature, topP, maxNewTokens, b);
    }
}
