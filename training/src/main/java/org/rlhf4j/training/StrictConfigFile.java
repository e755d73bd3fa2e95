package org.rlhf4j.training;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a config record from a JSON ({@code .json}) or YAML ({@code .yaml}/{@code .yml}) file strictly: the file's
 * keys are laid over the defaults (missing keys keep their default, nested objects merge key by key), an unknown
 * key is an error, and every error names the file, the line and the key path ({@code schedule.warmup_steps}).
 */
public final class StrictConfigFile {

    private StrictConfigFile() {}

    /** The mapper used for writing and reading configs (unknown keys fail, numbers for enums fail). */
    public static ObjectMapper mapper(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonFactory factory = name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLFactory() : new JsonFactory();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /**
     * Reads {@code file} over {@code defaults}.
     *
     * @throws IllegalArgumentException for an unknown key, a wrong type or a value the record rejects
     */
    public static <T> T read(Path file, Class<T> type, T defaults) throws IOException {
        ObjectMapper mapper = mapper(file);
        Map<String, Integer> lines = keyLines(file, mapper.getFactory());
        JsonNode user = mapper.readTree(file.toFile());
        if (user == null || user.isMissingNode() || user.isNull()) {
            return defaults;
        }
        if (!user.isObject()) {
            throw new IllegalArgumentException(file + ": line 1: the config must be a mapping of keys to values");
        }
        ObjectNode merged = mapper.valueToTree(defaults);
        merge(merged, (ObjectNode) user);
        try {
            return mapper.treeToValue(merged, type);
        } catch (UnrecognizedPropertyException e) {
            String path = pathOf(e);
            throw new IllegalArgumentException(file + ": line " + lines.getOrDefault(path, 0) + ": unknown key '"
                    + path + "' (known here: " + e.getKnownPropertyIds() + ")", e);
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            int line = lines.getOrDefault(path, lines.getOrDefault(fieldIn(message, lines), 0));
            throw new IllegalArgumentException(file + ": line " + line + ": " + (path.isEmpty() ? "" : path + ": ")
                    + message, e);
        }
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The longest key path whose last key appears in a validation message ("max_steps must be …"). */
    private static String fieldIn(String message, Map<String, Integer> lines) {
        String best = "";
        for (String path : lines.keySet()) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (message != null && message.contains(last) && path.length() > best.length()) {
                best = path;
            }
        }
        return best;
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = base.get(f.getKey());
            if (existing instanceof ObjectNode target && f.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                base.set(f.getKey(), f.getValue());
            }
        }
    }

    /** Line (1-based) of every key in the file, by dotted path. */
    private static Map<String, Integer> keyLines(Path file, JsonFactory factory) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(file.toFile())) {
            String pendingKey = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> {
                        pendingKey = p.currentName();
                        Iterable<String> outerFirst = path::descendingIterator;
                        String prefix = path.isEmpty() ? "" : String.join(".", outerFirst) + ".";
                        lines.putIfAbsent(prefix + pendingKey, p.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        path.push(pendingKey == null ? "" : pendingKey);
                        pendingKey = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.pop();
                        pendingKey = null;
                    }
                    default -> pendingKey = null;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        // The root object pushed an empty segment; drop it from the paths.
        Map<String, Integer> cleaned = new HashMap<>();
        lines.forEach((k, v) -> cleaned.put(k.startsWith(".") ? k.substring(1) : k, v));
        return cleaned;
    }
}
