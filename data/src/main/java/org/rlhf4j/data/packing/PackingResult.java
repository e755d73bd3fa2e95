package org.rlhf4j.data.packing;

import java.util.List;

/** The rows produced by {@link SequencePacker#pack} and the counts of what happened to every example. */
public record PackingResult(List<PackedRow> rows, PackingStats stats) {

    /** Copies the row list. */
    public PackingResult {
        rows = List.copyOf(rows);
    }
}
