package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A prompt to sample answers for (one JSON Lines record):
 * {@code {"id", "messages": [... ending with a user turn], "is_safety": bool, "category": str}}. {@code isSafety} is
 * the paper's IS_SAFETY tag (the prompt is known to elicit unsafe answers, §3.2.3).
 */
public record PromptRecord(
        @JsonProperty("id") String id,
        @JsonProperty("messages") List<Message> messages,
        @JsonProperty("is_safety") boolean isSafety,
        @JsonProperty("category") String category) {}
