package org.rlhf4j.data.io;

import org.rlhf4j.artifacts.InputException;

/**
 * Thrown by a reader under {@link ErrorPolicy#FAIL_FAST} at the first bad line; the message is
 * {@code file:line: field: problem}, or, when the line holds a valid record of another kind,
 * {@code file:line: expected a dialogs file (…); this looks like a prompts file (field: problem)}. Unchecked,
 * because readers are {@link java.util.Iterator}s; an {@link InputException}, so the command line reports it as bad
 * input.
 */
public final class DataFormatException extends InputException {

    private static final long serialVersionUID = 1L;

    private final transient FormatError error;

    public DataFormatException(FormatError error) {
        super(error.file(), error.line(), error.field(), error.problem(), null);
        this.error = error;
    }

    /** The error of a file of the wrong kind: {@code error} is its first bad line, {@code actual} what it holds. */
    DataFormatException(FormatError error, RecordKind<?> expected, RecordKind<?> actual) {
        super(error.file(), error.line(), null, "expected " + expected.description() + "; this looks like "
                + actual.description().replaceFirst(" \\(.*", "") + " (" + error.field() + ": " + error.problem()
                + ")", null);
        this.error = error;
    }

    /** Where and what the error is. */
    public FormatError error() {
        return error;
    }
}
