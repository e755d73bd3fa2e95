package org.rlhf4j.arena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.artifacts.AtomicFile;

/** Writes records as JSON Lines (one compact JSON object per line, map keys sorted), atomically. */
public final class JsonLinesOutput {

    /** The mapper every arena file is written with. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private JsonLinesOutput() {}

    /** Writes {@code records} to {@code file}, one per line. */
    public static void write(Path file, List<?> records) throws IOException {
        AtomicFile.write(file, out -> {
            for (Object r : records) {
                out.write(JSON.writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }
}
