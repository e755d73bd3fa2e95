package org.rlhf4j.data.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which quality a preference pair was annotated for; the paper annotates helpfulness and safety separately. */
public enum Axis {
    HELPFULNESS("helpfulness"),
    SAFETY("safety");

    private final String json;

    Axis(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static Axis fromJson(String value) {
        for (Axis a : values()) {
            if (a.json.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown axis '" + value + "' (expected helpfulness or safety)");
    }
}
