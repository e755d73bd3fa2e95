package org.rlhf4j.ghostattention;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One synthetic constraint a GAtt instruction is combined from (paper §3.3: hobbies, language, public figure), one
 * JSON Lines record of the instruction file ({@code data/FORMATS.md}, "GAtt constraints"):
 * {@code {"kind", "value", "text", "short_text"}}.
 *
 * @param kind the constraint's kind, e.g. {@code figure}; an instruction combines constraints of different kinds
 * @param value what the constraint asks for within its kind, e.g. {@code pirate}
 * @param text the instruction in full, e.g. "Act as a pirate: begin every answer with 'Arr!'"
 * @param shortText the shortened instruction, e.g. "Figure: pirate."
 */
public record SyntheticConstraint(
        @JsonProperty("kind") String kind,
        @JsonProperty("value") String value,
        @JsonProperty("text") String text,
        @JsonProperty("short_text") String shortText) {

    /** Validates: every field present and not blank. */
    public SyntheticConstraint {
        requireText("kind", kind);
        requireText("value", value);
        requireText("text", text);
        requireText("short_text", shortText);
    }

    private static void requireText(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + ": required, got " + (v == null ? "nothing" : "a blank string"));
        }
    }
}
