package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where a prompt's samples came from: enough to re-make them.
 *
 * @param model the policy's model directory
 * @param modelSha256 SHA-256 of its weights file
 * @param temperature sampling temperature
 * @param seed the run seed the sample seeds derive from
 * @param maxNewTokens the token limit per answer
 * @param helpfulnessModel the helpfulness reward model's directory
 * @param safetyModel the safety reward model's directory
 * @param rewardModelsSha256 SHA-256 of the two reward models' weights, "helpfulness,safety"
 * @param rewardFunction the reward function ({@code GATED}, {@code HELPFULNESS} or {@code SAFETY})
 */
@JsonPropertyOrder({"model", "model_sha256", "temperature", "seed", "max_new_tokens", "helpfulness_model",
        "safety_model", "reward_models_sha256", "reward_function"})
public record SampleProvenance(
        @JsonProperty("model") String model,
        @JsonProperty("model_sha256") String modelSha256,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("seed") long seed,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("helpfulness_model") String helpfulnessModel,
        @JsonProperty("safety_model") String safetyModel,
        @JsonProperty("reward_models_sha256") String rewardModelsSha256,
        @JsonProperty("reward_function") String rewardFunction) {

    public SampleProvenance {
        if (model == null || rewardFunction == null) {
            throw new IllegalArgumentException("model and reward_function are required");
        }
    }

    /** This provenance for samples drawn at {@code newTemperature} from run seed {@code newSeed}. */
    public SampleProvenance at(double newTemperature, long newSeed) {
        return new SampleProvenance(model, modelSha256, newTemperature, newSeed, maxNewTokens, helpfulnessModel,
                safetyModel, rewardModelsSha256, rewardFunction);
    }
}
