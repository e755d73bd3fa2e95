package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A supervised fine-tuning example (one JSON Lines record):
 * {@code {"id", "messages": [{"role", "content"}], "tags": {...}}}. The messages optionally start with a system
 * message, then alternate user/assistant and end with an assistant message.
 */
public record Dialog(
        @JsonProperty("id") String id,
        @JsonProperty("messages") List<Message> messages,
        @JsonProperty("tags") Map<String, String> tags) {}
