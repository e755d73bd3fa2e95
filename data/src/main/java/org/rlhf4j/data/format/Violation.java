package org.rlhf4j.data.format;

/**
 * One broken rule of a record, named by the JSON path of the offending field (e.g. {@code messages[2].role},
 * {@code safety_label}) and a short description of the problem. Readers add the file and line to it.
 *
 * @param field JSON path of the field, with {@code [i]} for list elements
 * @param problem what is wrong, in a few words
 */
public record Violation(String field, String problem) {

    public Violation {
        if (field == null || field.isEmpty() || problem == null || problem.isEmpty()) {
            throw new IllegalArgumentException("a violation needs a field and a problem");
        }
    }

    /** {@code "field: problem"}. */
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
