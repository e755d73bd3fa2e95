package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The safety label of a safety preference pair (Llama 2 §3.2.1). Pairs with an unsafe chosen and a safe rejected
 * response are dropped, so there is no label for them.
 */
public enum SafetyLabel {
    BOTH_SAFE("both_safe"),
    CHOSEN_SAFE("chosen_safe"),
    BOTH_UNSAFE("both_unsafe");

    private final String json;

    SafetyLabel(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static SafetyLabel fromJson(String value) {
        for (SafetyLabel s : values()) {
            if (s.json.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown safety_label '" + value + "' (expected both_safe, chosen_safe, both_unsafe or null)");
    }
}
