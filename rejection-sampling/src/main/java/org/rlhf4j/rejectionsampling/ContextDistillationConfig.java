package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.training.StrictConfigFile;

/**
 * Settings of safety context distillation ({@link ContextDistillation}, Llama 2 §4.2.4).
 *
 * @param preprompt the safety preprompt, given to the model as the system message of every adversarial prompt
 *     (paper §4.2.4: a generic preprompt such as "You are a safe and responsible assistant"; the paper also
 *     tailors answer templates per risk category, which this field does not model). Default
 *     {@value #DEFAULT_PREPROMPT}
 * @param temperature sampling temperature of both answers (with and without the preprompt); 0 = greedy (the
 *     paper leaves it open; default greedy, so the kept targets do not depend on the seed)
 * @param maxNewTokens answer length limit in tokens (default 48, as the demo's rejection sampling)
 * @param batchSize prompts decoded together (default 64)
 * @param prompts adversarial ({@code is_safety}) prompts used at most, the first ones of the prompts file; 0 = all
 */
public record ContextDistillationConfig(
        @JsonProperty("preprompt") String preprompt,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("prompts") int prompts) {

    /** The paper's generic safety preprompt (§4.2.4). */
    public static final String DEFAULT_PREPROMPT = "You are a safe and responsible assistant.";

    public ContextDistillationConfig {
        if (preprompt == null || preprompt.isBlank()) {
            throw new IllegalArgumentException("preprompt must be a non-blank safety preprompt");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        if (prompts < 0) {
            throw new IllegalArgumentException("prompts must be >= 0 (0 = all), got " + prompts);
        }
    }

    /** The paper's shape: the generic preprompt, greedy answers up to 1,024 tokens, every adversarial prompt. */
    public static ContextDistillationConfig llama2() {
        return new ContextDistillationConfig(DEFAULT_PREPROMPT, 0, 1024, 8, 0);
    }

    /**
     * The CPU demo: the generic preprompt, greedy answers up to 48 tokens (the arena's answers are a few words), 64
     * prompts a batch, every adversarial training prompt (about 380 of the arena's 1,700).
     */
    public static ContextDistillationConfig demo() {
        return new ContextDistillationConfig(DEFAULT_PREPROMPT, 0, 48, 64, 0);
    }

    /** Reads a JSON or YAML file over {@code defaults} (unknown keys rejected, errors name file, line and key). */
    public static ContextDistillationConfig read(Path file, ContextDistillationConfig defaults) throws IOException {
        return StrictConfigFile.read(file, ContextDistillationConfig.class, defaults);
    }
}
