package org.rlhf4j.data.io;

/** What a reader does with a bad line. Blank lines are never errors: every policy skips them and counts them. */
public enum ErrorPolicy {
    /** Throw a {@link DataFormatException} at the first bad line. */
    FAIL_FAST,
    /** Skip bad lines, count them, and keep their errors (the first {@link JsonlReader#MAX_KEPT_ERRORS}). */
    SKIP_AND_COUNT
}
