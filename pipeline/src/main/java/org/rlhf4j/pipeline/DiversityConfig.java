package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The diversity evaluation (Llama 2 §5.1, Fig. 21: Self-BLEU against temperature for creative and factual prompts;
 * RLHF learns to keep factual answers the same at every temperature while creative ones stay diverse). The paper
 * left the prompt sets open beyond "creative" and "factual"; here they are arena categories of the test split.
 *
 * @param temperatures the sampling temperatures (paper: 0.1, 0.2 … 1.5)
 * @param samplesPerPrompt answers sampled per prompt and temperature, S ≥ 2 (paper: 25)
 * @param creativeCategories arena categories of creative prompts (default {@code rhyme}: "a two-line poem about …")
 * @param factualCategories arena categories of factual prompts, with one right answer (default {@code capital},
 *     {@code arithmetic})
 * @param promptsPerKind the first this many test prompts of each kind, in file order; 0 = all
 * @param maxNewTokens the most tokens per answer
 */
public record DiversityConfig(
        @JsonProperty("temperatures") List<Double> temperatures,
        @JsonProperty("samples_per_prompt") int samplesPerPrompt,
        @JsonProperty("creative_categories") List<String> creativeCategories,
        @JsonProperty("factual_categories") List<String> factualCategories,
        @JsonProperty("prompts_per_kind") int promptsPerKind,
        @JsonProperty("max_new_tokens") int maxNewTokens) {

    public DiversityConfig {
        if (temperatures == null || temperatures.isEmpty() || temperatures.stream().anyMatch(t -> !(t > 0))) {
            throw new IllegalArgumentException("temperatures must be a non-empty list of positive temperatures, got "
                    + temperatures);
        }
        temperatures = List.copyOf(temperatures);
        if (samplesPerPrompt < 2) {
            throw new IllegalArgumentException("samples_per_prompt must be >= 2 (Self-BLEU compares samples), got "
                    + samplesPerPrompt);
        }
        if (creativeCategories == null || creativeCategories.isEmpty() || factualCategories == null
                || factualCategories.isEmpty()) {
            throw new IllegalArgumentException("creative_categories and factual_categories must name categories");
        }
        creativeCategories = List.copyOf(creativeCategories);
        factualCategories = List.copyOf(factualCategories);
        if (creativeCategories.stream().anyMatch(factualCategories::contains)) {
            throw new IllegalArgumentException("a category cannot be creative and factual: " + creativeCategories
                    + " / " + factualCategories);
        }
        if (promptsPerKind < 0) {
            throw new IllegalArgumentException("prompts_per_kind must be >= 0 (0 = all), got " + promptsPerKind);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
        }
    }

    /** The paper's setting: T = 0.1 … 1.5 in steps of 0.1, 25 samples per prompt, every prompt of each kind. */
    public static DiversityConfig llama2() {
        return new DiversityConfig(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5),
                25, List.of("rhyme"), List.of("capital", "arithmetic"), 0, 64);
    }

    /**
     * The CPU demo: T = 0.4, 0.7, 1.0, 1.3, 6 samples for each of 6 rhyme and 6 factual test prompts, answers up to
     * 32 tokens (every arena answer is shorter): 72 rows a temperature and model, a few seconds in all.
     */
    public static DiversityConfig demo() {
        return new DiversityConfig(List.of(0.4, 0.7, 1.0, 1.3), 6, List.of("rhyme"), List.of("capital", "arithmetic"),
                6, 32);
    }
}
