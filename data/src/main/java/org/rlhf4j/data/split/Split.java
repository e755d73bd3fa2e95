package org.rlhf4j.data.split;

/** One of the three disjoint parts of a data set; a prompt belongs to exactly one. */
public enum Split {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String name;

    Split(String name) {
        this.name = name;
    }

    /** {@code train}, {@code validation} or {@code test}. */
    public String json() {
        return name;
    }

    /** The split's file in a split directory: {@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl}. */
    public String fileName() {
        return name + ".jsonl";
    }
}
