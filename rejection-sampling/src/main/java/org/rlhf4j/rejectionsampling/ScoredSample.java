package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One sampled answer with its scores, as stored in the pool.
 *
 * @param index sample index within its prompt, 0 … K−1
 * @param seed the sample's random seed ({@link SampleSeeds#of})
 * @param text the answer (EOS dropped, stripped)
 * @param tokens tokens sampled, EOS included
 * @param endedWithEos whether the answer ended with EOS (false: cut at the token limit)
 * @param helpfulness raw output of the helpfulness reward model
 * @param safety raw output of the safety reward model
 * @param reward the reward function's value, what selection maximises
 */
@JsonPropertyOrder({"index", "seed", "text", "tokens", "ended_with_eos", "helpfulness", "safety", "reward"})
public record ScoredSample(
        @JsonProperty("index") int index,
        @JsonProperty("seed") long seed,
        @JsonProperty("text") String text,
        @JsonProperty("tokens") int tokens,
        @JsonProperty("ended_with_eos") boolean endedWithEos,
        @JsonProperty("helpfulness") float helpfulness,
        @JsonProperty("safety") float safety,
        @JsonProperty("reward") float reward) {

    public ScoredSample {
        if (text == null) {
            throw new IllegalArgumentException("text: required");
        }
        if (index < 0 || tokens < 0) {
            throw new IllegalArgumentException("index and tokens must be >= 0, got " + index + " and " + tokens);
        }
    }

    /** This sample with new scores (rescoring by the current reward models). */
    public ScoredSample withScores(float newHelpfulness, float newSafety, float newReward) {
        return new ScoredSample(index, seed, text, tokens, endedWithEos, newHelpfulness, newSafety, newReward);
    }
}
