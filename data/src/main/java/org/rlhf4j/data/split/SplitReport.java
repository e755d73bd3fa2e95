package org.rlhf4j.data.split;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link DatasetSplitter} wrote.
 *
 * @param records records written per split (every split present)
 * @param badLines input lines skipped as bad (always 0 under fail-fast)
 */
public record SplitReport(Map<Split, Long> records, long badLines) {

    public SplitReport {
        Map<Split, Long> all = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            all.put(s, records.getOrDefault(s, 0L));
        }
        records = Collections.unmodifiableMap(all);
    }

    /** Records written to all splits. */
    public long total() {
        return records.values().stream().mapToLong(Long::longValue).sum();
    }
}
