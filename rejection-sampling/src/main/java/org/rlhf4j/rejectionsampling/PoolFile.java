package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * Pool files: JSON Lines of {@link PoolRecord}, one prompt a line, written atomically (temp file + rename). Reading
 * is strict (unknown or missing keys, duplicate keys and trailing text are errors) and errors read
 * {@code file:line: problem}; blank lines are skipped.
 */
public final class PoolFile {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private PoolFile() {}

    /** Writes the records to {@code target} atomically, one compact JSON object a line. */
    public static void write(Path target, List<PoolRecord> records) throws IOException {
        byte[] bytes = encode(records);
        AtomicFile.write(target, out -> out.write(bytes));
    }

    /** The bytes {@link #write} writes: one compact JSON object a line, UTF-8. */
    public static byte[] encode(List<PoolRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PoolRecord r : records) {
            out.write(JSON.writeValueAsBytes(r));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Reads every record of pool-file bytes (as {@link #encode} makes them) that came from {@code source}.
     *
     * @throws IllegalArgumentException {@code source:line: problem} at the first bad line
     */
    public static List<PoolRecord> decode(String source, byte[] bytes) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8))) {
            return read(source, in);
        }
    }

    /**
     * Reads every record.
     *
     * @throws IllegalArgumentException {@code file:line: problem} at the first bad line
     */
    public static List<PoolRecord> read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        }
    }

    private static List<PoolRecord> read(String file, BufferedReader in) throws IOException {
        List<PoolRecord> records = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readValue(line, PoolRecord.class));
            } catch (JsonProcessingException e) {
                Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
                String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
                throw new IllegalArgumentException(file + ":" + number + ": not a pool record: " + message, e);
            }
        }
        return records;
    }
}
