package org.rlhf4j.model.sampling;

/**
 * How to pick each new token.
 *
 * <p>Tokens are drawn from softmax(z / T) over the logits z, truncated and renormalised: first the topK most likely
 * tokens are kept, then of those the shortest most-likely prefix whose probability under softmax(z / T) (the full,
 * untruncated distribution) reaches topP — all topK when they never reach it. The recorded log-prob of a token is
 * the log of this renormalised distribution at the token.
 *
 * @param temperature softmax temperature T (logits / T); 0 means greedy (argmax; among equal maxima the lowest
 *     token id)
 * @param topP nucleus sampling: keep the smallest set of most likely tokens whose probability reaches topP;
 *     1 disables it
 * @param topK keep only the K most likely tokens; 0 disables it
 * @param maxNewTokens the most tokens generated per prompt
 * @param eosId end-of-sequence id; a row stops after emitting it when {@code stopAtEos}
 * @param stopAtEos whether EOS ends a row
 * @param padId id fed to finished rows and used to left-pad prompts (never an emitted token)
 */
public record SamplingConfig(
        double temperature, double topP, int topK, int maxNewTokens, int eosId, boolean stopAtEos, int padId) {

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
    }

    /** Plain sampling from the model at temperature T (no top-p/top-k), Llama 2's EOS = 2, pad 0. */
    public static SamplingConfig sample(double temperature, int maxNewTokens) {
        return new SamplingConfig(temperature, 1.0, 0, maxNewTokens, 2, true, 0);
    }

    /** Argmax decoding; ties go to the lowest token id (libtorch's argmax returns the first maximum). */
    public static SamplingConfig greedy(int maxNewTokens) {
        return new SamplingConfig(0, 1.0, 0, maxNewTokens, 2, true, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** Whether the candidate set is truncated (top-k or top-p). */
    public boolean isTruncated() {
        return topK > 0 || topP < 1;
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(temperature, p, topK, maxNewTokens, eosId, stopAtEos, padId);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, topP, k, maxNewTokens, eosId, stopAtEos, padId);
    }

    public SamplingConfig withEos(int eos, boolean stop) {
        return new SamplingConfig(temperature, topP, topK, maxNewTokens, eos, stop, padId);
    }
}
