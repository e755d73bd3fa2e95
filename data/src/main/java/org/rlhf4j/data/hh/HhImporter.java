package org.rlhf4j.data.hh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.format.DialogRules;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.RecordValidator;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.format.Violation;
import org.rlhf4j.data.io.FormatError;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports Anthropic HH-RLHF ({@code {"chosen": transcript, "rejected": transcript}} per line, optionally gzipped) as
 * preference pairs. Both transcripts are parsed by {@link HhTranscript}; all turns before the last assistant turn
 * form the prompt and must be the same in both; the last assistant turns become {@code chosen} and
 * {@code rejected}. Axis and source come from the {@link HhSubset}, rating and safety label from the
 * {@link HhImportConfig}. The id is {@code hh-<subset>-} and the first 16 hex digits of the SHA-256 of the two
 * transcripts, so it does not depend on the line order and is the same across re-imports. Records that cannot be
 * converted are skipped and counted by {@link HhSkipReason}; blank lines are ignored; keys other than
 * {@code chosen}/{@code rejected} are ignored (mirrors of HH add some).
 */
public final class HhImporter {

    /** How many skipped records {@link HhImportReport#firstSkips()} lists. */
    public static final int MAX_KEPT_SKIPS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(HhImporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record that cannot become a pair, with the reason and the field at fault. */
    public static final class SkippedRecord extends Exception {
        private final HhSkipReason reason;
        private final Violation violation;

        SkippedRecord(HhSkipReason reason, Violation violation) {
            super(violation.toString(), null, false, false);
            this.reason = reason;
            this.violation = violation;
        }

        public HhSkipReason reason() {
            return reason;
        }

        public Violation violation() {
            return violation;
        }
    }

    private HhImporter() {}

    /** Converts one HH record (its two transcripts) to a pair. */
    public static PreferencePair convert(String chosenTranscript, String rejectedTranscript, HhImportConfig config)
            throws SkippedRecord {
        List<Message> chosen = messages(chosenTranscript, "chosen");
        List<Message> rejected = messages(rejectedTranscript, "rejected");
        List<Message> prompt = chosen.subList(0, chosen.size() - 1);
        if (!prompt.equals(rejected.subList(0, rejected.size() - 1))) {
            int turn = 0;
            while (turn < Math.min(chosen.size(), rejected.size()) - 1 && chosen.get(turn).equals(rejected.get(turn))) {
                turn++;
            }
            throw new SkippedRecord(HhSkipReason.PROMPTS_DIFFER, new Violation("rejected[" + turn + "]",
                    "prompt differs from chosen's before the last assistant turn"));
        }
        String chosenAnswer = chosen.get(chosen.size() - 1).content();
        String rejectedAnswer = rejected.get(rejected.size() - 1).content();
        if (chosenAnswer.equals(rejectedAnswer)) {
            throw new SkippedRecord(HhSkipReason.IDENTICAL_RESPONSES, new Violation("rejected", "identical to chosen"));
        }
        HhSubset subset = config.subset();
        String id = "hh-" + subset.cliName() + "-" + Sha256.of((chosenTranscript + "\u0000" + rejectedTranscript)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        PreferencePair pair = new PreferencePair(id, List.copyOf(prompt), chosenAnswer, rejectedAnswer,
                config.rating(), subset.axis(), subset == HhSubset.HARMLESS ? config.harmlessSafetyLabel() : null,
                subset.source());
        List<Violation> violations = RecordValidator.PREFERENCE_PAIR.validate(pair);
        if (!violations.isEmpty()) {
            throw new SkippedRecord(HhSkipReason.MALFORMED_TRANSCRIPT, violations.get(0));
        }
        return pair;
    }

    /** Imports {@code in} (a {@code .gz} name is gunzipped) into the preference-pair file {@code out}, atomically. */
    public static HhImportReport importFile(Path in, Path out, HhImportConfig config) throws IOException {
        String file = in.toString();
        long[] counts = new long[2]; // records, imported
        Map<HhSkipReason, Long> skipped = new EnumMap<>(HhSkipReason.class);
        List<FormatError> firstSkips = new ArrayList<>();
        try (BufferedReader reader = open(in)) {
            AtomicFile.write(out, stream -> {
                long lineNumber = 0;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    counts[0]++;
                    try {
                        PreferencePair pair = convertLine(line, config);
                        JsonlWriter.writeLine(stream, RecordKind.PREFERENCES, pair, counts[1]);
                        counts[1]++;
                    } catch (SkippedRecord e) {
                        skipped.merge(e.reason(), 1L, Long::sum);
                        if (firstSkips.size() < MAX_KEPT_SKIPS) {
                            firstSkips.add(FormatError.of(file, lineNumber, e.violation()));
                        }
                    }
                }
            });
        }
        HhImportReport report = new HhImportReport(counts[0], counts[1], skipped, firstSkips);
        LOG.info("{}: {} HH records, {} imported as {} pairs into {}, skipped {}", file, report.records(),
                report.imported(), config.subset().axis().json(), out, report.skipped());
        return report;
    }

    private static PreferencePair convertLine(String line, HhImportConfig config) throws SkippedRecord {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new SkippedRecord(HhSkipReason.MALFORMED_JSON, new Violation("json", "malformed JSON"));
        }
        if (!node.isObject()) {
            throw new SkippedRecord(HhSkipReason.MALFORMED_JSON, new Violation("json", "expected a JSON object"));
        }
        for (String field : List.of("chosen", "rejected")) {
            if (!node.path(field).isTextual()) {
                throw new SkippedRecord(HhSkipReason.MALFORMED_JSON, new Violation(field,
                        node.has(field) ? "expected a string" : "missing field"));
            }
        }
        return convert(node.get("chosen").textValue(), node.get("rejected").textValue(), config);
    }

    private static List<Message> messages(String transcript, String field) throws SkippedRecord {
        List<Message> messages;
        try {
            messages = HhTranscript.parse(transcript);
        } catch (IllegalArgumentException e) {
            throw new SkippedRecord(HhSkipReason.MALFORMED_TRANSCRIPT, new Violation(field, e.getMessage()));
        }
        List<Violation> violations = DialogRules.check(messages, field, Role.ASSISTANT);
        if (!violations.isEmpty()) {
            throw new SkippedRecord(HhSkipReason.MALFORMED_TRANSCRIPT, violations.get(0));
        }
        return messages;
    }

    private static BufferedReader open(Path in) throws IOException {
        InputStream bytes = Files.newInputStream(in);
        if (in.getFileName().toString().endsWith(".gz")) {
            bytes = new GZIPInputStream(bytes, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8), 1 << 16);
    }
}
