package org.rlhf4j.data.split;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.io.ErrorPolicy;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a JSON Lines file of any {@link RecordKind} into a split directory: {@code train.jsonl},
 * {@code validation.jsonl}, {@code test.jsonl} (records keep their input order) and a {@code manifest.json} (kind
 * {@code data-split}, the fractions, the input's SHA-256, the counts). Each record goes where {@link PromptSplitter}
 * sends it. The three files are written atomically; on a failure none of them is replaced.
 */
public final class DatasetSplitter {

    /** The manifest kind of a split directory. */
    public static final String MANIFEST_KIND = "data-split";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetSplitter.class);

    private DatasetSplitter() {}

    /** Splits {@code in} into {@code outDir}; bad input lines are handled by {@code policy}. */
    public static <T> SplitReport split(Path in, RecordKind<T> kind, Path outDir, SplitConfig config,
            ErrorPolicy policy) throws IOException {
        PromptSplitter splitter = new PromptSplitter(config);
        Map<Split, Long> counts = new EnumMap<>(Split.class);
        long[] badLines = {0};
        try (JsonlReader<T> reader = JsonlReader.open(in, kind, policy)) {
            AtomicFile.write(outDir.resolve(Split.TRAIN.fileName()), train ->
                    AtomicFile.write(outDir.resolve(Split.VALIDATION.fileName()), validation ->
                            AtomicFile.write(outDir.resolve(Split.TEST.fileName()), test -> {
                                Map<Split, OutputStream> outs = Map.of(
                                        Split.TRAIN, train, Split.VALIDATION, validation, Split.TEST, test);
                                while (reader.hasNext()) {
                                    T record = reader.next();
                                    Split split = splitter.assign(kind.messagesOf(record));
                                    long index = counts.getOrDefault(split, 0L);
                                    JsonlWriter.writeLine(outs.get(split), kind, record, index);
                                    counts.put(split, index + 1);
                                }
                                badLines[0] = reader.badLines();
                            })));
        }
        SplitReport report = new SplitReport(counts, badLines[0]);
        Map<String, Object> manifestConfig = new TreeMap<>();
        manifestConfig.put("kind", kind.name());
        manifestConfig.put("fractions", config);
        manifestConfig.put("error_policy", policy.name());
        Map<String, Object> metrics = new TreeMap<>();
        for (Map.Entry<Split, Long> e : report.records().entrySet()) {
            metrics.put(e.getKey().json() + "_records", e.getValue());
        }
        metrics.put("bad_lines", report.badLines());
        new Manifest(MANIFEST_KIND, 1, "data", manifestConfig, Manifest.hashInputs(List.of(in)), null,
                Manifest.baseVersions(), "cpu", null, metrics).writeTo(outDir);
        LOG.info("{}: split {} {} into {}: {}", in, report.total(), kind, outDir, report.records());
        return report;
    }
}
