package org.rlhf4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a stage's own JSON Lines output back (blank lines skipped; a bad line is named by file and number). */
final class JsonLinesInput {

    private JsonLinesInput() {}

    /**
     * @param file the JSON Lines file
     * @param json the mapper (its settings decide, e.g., whether unknown keys are errors)
     * @param type the record type of every line
     * @param what what a line is, for the error ("a score")
     */
    static <T> List<T> read(Path file, ObjectMapper json, Class<T> type, String what) throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        out.add(json.readValue(line, type));
                    } catch (IOException e) {
                        throw new IOException(file + ":" + number + ": not " + what + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }
}
