package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message in a dialog; serialised as {@code "system"}, {@code "user"} or {@code "assistant"}. */
public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String json;

    Role(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Parses the JSON name; throws {@link IllegalArgumentException} naming the allowed values otherwise. */
    @JsonCreator
    public static Role fromJson(String value) {
        for (Role r : values()) {
            if (r.json.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (expected system, user or assistant)");
    }
}
