package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A human (or simulated) preference between two responses to the same prompt (one JSON Lines record):
 * {@code {"id", "prompt": [messages], "chosen", "rejected", "rating", "axis", "safety_label", "source"}}.
 * {@code safetyLabel} is null for helpfulness pairs and required for safety pairs; the rules are in
 * {@link PreferencePairRules}.
 */
public record PreferencePair(
        @JsonProperty("id") String id,
        @JsonProperty("prompt") List<Message> prompt,
        @JsonProperty("chosen") String chosen,
        @JsonProperty("rejected") String rejected,
        @JsonProperty("rating") Rating rating,
        @JsonProperty("axis") Axis axis,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("safety_label") SafetyLabel safetyLabel,
        @JsonProperty("source") String source) {}
