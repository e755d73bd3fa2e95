package org.rlhf4j.data.packing;

/** What happens to an example longer than a packed row. Either way it is counted in {@link PackingStats}. */
public enum OverflowPolicy {
    /**
     * Keep the example's first token (its BOS) and its last {@code sequenceLength - 1} tokens, cutting from the left
     * of the final answer's context (earlier turns first). The cut never keeps part of an answer: when it ends inside
     * an earlier answer, the rest of that answer is removed too, its EOS included (so no row ever trains an answer
     * fragment, or an EOS right after BOS, which teaches the model to answer nothing), and when the kept tail then
     * starts with the next exchange's own BOS, no second BOS is added. If the cut would reach into the final answer,
     * the example is dropped instead (counted as dropped).
     */
    TRUNCATE_PROMPT_LEFT,
    /** Drop the example. */
    DROP
}
