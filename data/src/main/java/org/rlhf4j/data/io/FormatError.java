package org.rlhf4j.data.io;

import org.rlhf4j.data.format.Violation;

/**
 * A bad line of a data file: where it is (file as given, 1-based line number), which field, and what is wrong.
 * Printed as {@code file:line: field: problem}, the form compilers use, so editors can jump to it.
 *
 * @param file the file as the caller named it
 * @param line 1-based line number
 * @param field JSON path of the field ({@code json} when the line is not a JSON object)
 * @param problem what is wrong
 */
public record FormatError(String file, long line, String field, String problem) {

    /** The error for a {@link Violation} found on {@code line} of {@code file}. */
    public static FormatError of(String file, long line, Violation violation) {
        return new FormatError(file, line, violation.field(), violation.problem());
    }

    /** {@code file:line: field: problem}. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + problem;
    }
}
