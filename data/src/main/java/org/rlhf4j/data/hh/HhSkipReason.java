package org.rlhf4j.data.hh;

/** Why an HH-RLHF record was not imported. */
public enum HhSkipReason {
    /** The line is not a JSON object with string fields {@code chosen} and {@code rejected}. */
    MALFORMED_JSON,
    /** A transcript has no turns, text before the first turn, turns out of order, an empty turn, or does not end
     * with an assistant turn. */
    MALFORMED_TRANSCRIPT,
    /** Chosen and rejected transcripts differ before their last assistant turn, so they answer different prompts. */
    PROMPTS_DIFFER,
    /** The last assistant turns are equal: nothing to prefer. */
    IDENTICAL_RESPONSES
}
