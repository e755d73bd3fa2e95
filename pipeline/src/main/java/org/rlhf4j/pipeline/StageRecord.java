package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * The driver's record of one stage, {@code stage.json} in the stage's directory: written with status
 * {@code running} when the stage starts and {@code done} (with wall time and key metrics) when it finished. Only a
 * {@code done} record whose fingerprint matches lets the next run skip the stage.
 *
 * @param name the stage's name
 * @param index the stage's position in the schedule (0 first)
 * @param fingerprint {@link StageFingerprint} of the run that wrote it
 * @param status {@code running} or {@code done}
 * @param wallSeconds wall time of the run that finished it (0 while running)
 * @param metrics the stage's key metrics
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRecord(
        @JsonProperty("name") String name,
        @JsonProperty("index") int index,
        @JsonProperty("fingerprint") String fingerprint,
        @JsonProperty("status") String status,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("metrics") Map<String, Object> metrics) {

    /** The file name in every stage directory. */
    public static final String FILE_NAME = "stage.json";
    /** Status of a stage that started and has not finished. */
    public static final String RUNNING = "running";
    /** Status of a finished stage. */
    public static final String DONE = "done";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StageRecord {
        if (!RUNNING.equals(status) && !DONE.equals(status)) {
            throw new IllegalArgumentException("stage status must be running or done, got " + status);
        }
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /** Whether the stage finished. */
    public boolean done() {
        return DONE.equals(status);
    }

    /** Writes this record into {@code dir} atomically. */
    public void writeTo(Path dir) throws IOException {
        AtomicFile.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(this) + "\n");
    }

    /** The record in {@code dir}, or null when there is none. */
    public static StageRecord read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), StageRecord.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a stage record: " + e.getMessage(), e);
        }
    }
}
