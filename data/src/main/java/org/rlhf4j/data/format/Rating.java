package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much better the chosen response is, as annotators rate it (Llama 2 §3.2.1), strongest first. */
public enum Rating {
    SIGNIFICANTLY_BETTER("significantly_better"),
    BETTER("better"),
    SLIGHTLY_BETTER("slightly_better"),
    NEGLIGIBLY_BETTER("negligibly_better");

    private final String json;

    Rating(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static Rating fromJson(String value) {
        for (Rating r : values()) {
            if (r.json.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rating '" + value
                + "' (expected significantly_better, better, slightly_better or negligibly_better)");
    }
}
