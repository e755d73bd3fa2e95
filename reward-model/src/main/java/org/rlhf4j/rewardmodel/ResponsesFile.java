package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * A file of responses to score: JSON Lines, each an object with a string {@code id} (the prompt's id in a prompts
 * file) and a string {@code response}; any other fields (a model name, a judge's scores) are kept as they are, so
 * {@code rlhf judge --out} files can be scored directly. Blank lines are skipped. Errors name {@code file:line:
 * field}.
 */
public final class ResponsesFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line.
     *
     * @param line 1-based line number
     * @param id the prompt id
     * @param response the response text
     * @param record the whole object
     */
    public record Line(int line, String id, String response, ObjectNode record) {}

    private ResponsesFile() {}

    /** Reads every line, failing at the first bad one; ids must be unique. */
    public static List<Line> read(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + "not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + "expected a JSON object");
            }
            for (String field : new String[] {"id", "response"}) {
                if (!node.path(field).isTextual()) {
                    throw new IllegalArgumentException(where + field + ": missing or not a string");
                }
            }
            String id = node.get("id").asText();
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + "id: '" + id + "' appears twice");
            }
            out.add(new Line(i + 1, id, node.get("response").asText(), (ObjectNode) node));
        }
        return out;
    }

    /** The numeric field {@code name} of every line (e.g. a judge's score), failing on a line without one. */
    public static double[] numbers(Path file, List<Line> lines, String name) {
        double[] out = new double[lines.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = lines.get(i).record().get(name);
            if (v == null || !v.isNumber()) {
                throw new IllegalArgumentException(file + ":" + lines.get(i).line() + ": " + name
                        + ": missing or not a number");
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    /**
     * Writes {@code lines} with an added {@code "rm_score"} field, one JSON object a line, atomically (what
     * {@code rlhf reward score --out} writes).
     *
     * @param scores one score per line, in order
     */
    public static void writeScored(Path out, List<Line> lines, float[] scores) throws IOException {
        if (scores.length != lines.size()) {
            throw new IllegalArgumentException(lines.size() + " lines but " + scores.length + " scores");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(JSON.writeValueAsString(lines.get(i).record().deepCopy().put("rm_score", scores[i])))
                    .append('\n');
        }
        AtomicFile.writeString(out, sb.toString());
    }
}
