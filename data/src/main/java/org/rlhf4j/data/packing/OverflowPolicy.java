package org.rlhf4j.data.packing;

/** What happens to an example longer than a packed row. Either way it is counted in {@link PackingStats}. */
public enum OverflowPolicy {
    /**
     * Keep the example's first token (its BOS) and its last {@code sequenceLength - 1} tokens, cutting from the left
     * of the final answer's context (earlier turns first). If the cut would reach into the final answer, the example
     * is dropped instead (counted as dropped).
     */
    TRUNCATE_PROMPT_LEFT,
    /** Drop the example. */
    DROP
}
