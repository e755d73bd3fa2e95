package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One comparison to annotate (paper §3.2.1: annotators see a prompt and two responses sampled from different model
 * variants and temperatures, choose one and rate the gap), one JSON Lines record:
 * {@code {"id", "prompt": [messages], "is_safety", "category", "response_a", "model_a", "temperature_a",
 * "response_b", "model_b", "temperature_b"}}. The same file goes to simulated or human annotators; their labels come
 * back as {@link PreferencePair}s. Rules: {@link ComparisonTaskRules}.
 *
 * @param id non-blank, unique within a batch
 * @param prompt the conversation so far, ending with a user turn
 * @param isSafety the prompt's IS_SAFETY tag: the safety axis is annotated too
 * @param category the prompt's category (e.g. an arena category)
 * @param responseA the first response
 * @param modelA the model variant that wrote it (a name or directory)
 * @param temperatureA the sampling temperature it was written at (0 = greedy)
 * @param responseB the second response (may equal the first: annotators then have nothing to choose)
 * @param modelB the model variant that wrote it
 * @param temperatureB its sampling temperature
 */
public record ComparisonTask(
        @JsonProperty("id") String id,
        @JsonProperty("prompt") List<Message> prompt,
        @JsonProperty("is_safety") boolean isSafety,
        @JsonProperty("category") String category,
        @JsonProperty("response_a") String responseA,
        @JsonProperty("model_a") String modelA,
        @JsonProperty("temperature_a") double temperatureA,
        @JsonProperty("response_b") String responseB,
        @JsonProperty("model_b") String modelB,
        @JsonProperty("temperature_b") double temperatureB) {

    /** The task's prompt as a prompt record (id, messages, IS_SAFETY tag, category). */
    public PromptRecord promptRecord() {
        return new PromptRecord(id, prompt, isSafety, category);
    }
}
