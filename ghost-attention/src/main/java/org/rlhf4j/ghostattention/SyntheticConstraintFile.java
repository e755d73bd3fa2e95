package org.rlhf4j.ghostattention;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a GAtt instruction file: one {@link SyntheticConstraint} per line, blank lines skipped. Every bad line is
 * reported as {@code file:line: field: problem} (unknown keys, missing or blank fields, malformed JSON, a repeated
 * (kind, value)); the reader fails when any line is bad or no constraint is left.
 */
public final class SyntheticConstraintFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SyntheticConstraintFile() {}

    /**
     * The constraints of {@code file}, in file order.
     *
     * @throws IllegalArgumentException listing every bad line as {@code file:line: field: problem}
     */
    public static List<SyntheticConstraint> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<SyntheticConstraint> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            try {
                SyntheticConstraint c = JSON.readValue(line, SyntheticConstraint.class);
                if (!seen.add(c.kind() + "\u0000" + c.value())) {
                    errors.add(where + "value: (" + c.kind() + ", " + c.value() + ") repeats an earlier line");
                    continue;
                }
                out.add(c);
            } catch (UnrecognizedPropertyException e) {
                errors.add(where + e.getPropertyName() + ": unknown key");
            } catch (JsonMappingException e) {
                Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
                errors.add(where + (cause != null ? cause.getMessage() : "json: " + e.getOriginalMessage()));
            } catch (IOException e) {
                errors.add(where + "json: not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.size() + " bad line(s) in the instruction file:\n"
                    + String.join("\n", errors.subList(0, Math.min(errors.size(), 20))));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no constraint (expected one JSON object per line with kind,"
                    + " value, text, short_text)");
        }
        return out;
    }
}
