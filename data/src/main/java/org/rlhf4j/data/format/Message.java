package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One turn of a dialog: {@code {"role": "user", "content": "..."}}. */
public record Message(@JsonProperty("role") Role role, @JsonProperty("content") String content) {

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }
}
