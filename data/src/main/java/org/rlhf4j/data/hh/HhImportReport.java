package org.rlhf4j.data.hh;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.io.FormatError;

/**
 * What an HH-RLHF import did.
 *
 * @param records non-blank input lines
 * @param imported pairs written
 * @param skipped skipped records by reason (every reason present, zero when none)
 * @param firstSkips the first {@link HhImporter#MAX_KEPT_SKIPS} skipped records as {@code file:line: field: problem}
 */
public record HhImportReport(long records, long imported, Map<HhSkipReason, Long> skipped,
        List<FormatError> firstSkips) {

    public HhImportReport {
        Map<HhSkipReason, Long> all = new EnumMap<>(HhSkipReason.class);
        for (HhSkipReason r : HhSkipReason.values()) {
            all.put(r, skipped.getOrDefault(r, 0L));
        }
        long skippedTotal = all.values().stream().mapToLong(Long::longValue).sum();
        if (imported + skippedTotal != records) {
            throw new IllegalArgumentException("imported + skipped must equal records");
        }
        skipped = Collections.unmodifiableMap(all);
        firstSkips = List.copyOf(firstSkips);
    }

    /** All skipped records. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
