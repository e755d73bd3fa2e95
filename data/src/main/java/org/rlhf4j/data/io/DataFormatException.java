package org.rlhf4j.data.io;

/**
 * Thrown by a reader under {@link ErrorPolicy#FAIL_FAST} at the first bad line; the message is
 * {@code file:line: field: problem}. Unchecked, because readers are {@link java.util.Iterator}s.
 */
public final class DataFormatException extends RuntimeException {

    private final FormatError error;

    public DataFormatException(FormatError error) {
        super(error.toString());
        this.error = error;
    }

    /** Where and what the error is. */
    public FormatError error() {
        return error;
    }
}
