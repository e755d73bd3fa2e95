package org.rlhf4j.data.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.format.Violation;

/**
 * Strict binding of one JSON object to record fields: an unknown key, a missing required field or a value of the
 * wrong JSON type is an error naming the field's JSON path. (Jackson's own binding coerces {@code 5} to
 * {@code "5"} and reports errors in its own words; here every error reads {@code field: problem}.)
 */
final class StrictFields {

    /** A decoding error; carries the first {@link Violation} found. */
    static final class Invalid extends RuntimeException {
        final Violation violation;

        Invalid(String field, String problem) {
            super(field + ": " + problem, null, false, false);
            this.violation = new Violation(field, problem);
        }
    }

    private final JsonNode node;
    private final String path;

    private StrictFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * Binds {@code node}, which must be an object whose keys are all in {@code required} or {@code optional} and
     * which has every key of {@code required} (checked in the order given).
     *
     * @param path JSON path of the object; empty for the record itself
     */
    static StrictFields of(JsonNode node, String path, List<String> required, Set<String> optional) {
        if (!node.isObject()) {
            throw new Invalid(path.isEmpty() ? "json" : path, "expected a JSON object, got " + typeOf(node));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!required.contains(name) && !optional.contains(name)) {
                throw new Invalid(join(path, name), "unknown key");
            }
        }
        for (String name : required) {
            if (!node.has(name)) {
                throw new Invalid(join(path, name), "missing field");
            }
        }
        return new StrictFields(node, path);
    }

    /** A required string (may be empty; emptiness is a rule of the validators, not of the syntax). */
    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new Invalid(join(path, name), "expected a string, got " + typeOf(value));
        }
        return value.textValue();
    }

    /** A required {@code true}/{@code false}. */
    boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isBoolean()) {
            throw new Invalid(join(path, name), "expected true or false, got " + typeOf(value));
        }
        return value.booleanValue();
    }

    /** A required JSON number (integer or decimal); its range is a rule of the validators. */
    double number(String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isNumber()) {
            throw new Invalid(join(path, name), "expected a number, got " + typeOf(value));
        }
        return value.doubleValue();
    }

    /** A required enum given as a string, parsed by {@code parse} (which throws with the allowed values). */
    <E> E enumValue(String name, Function<String, E> parse) {
        String text = string(name);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid(join(path, name), e.getMessage());
        }
    }

    /** An enum given as a string or {@code null}; the key itself must be present (checked by {@link #of}). */
    <E> E nullableEnum(String name, Function<String, E> parse) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : enumValue(name, parse);
    }

    /** A required array of {@code {"role", "content"}} objects. */
    List<Message> messages(String name) {
        JsonNode array = node.get(name);
        String field = join(path, name);
        if (array == null || !array.isArray()) {
            throw new Invalid(field, "expected an array of messages, got " + typeOf(array));
        }
        List<Message> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            StrictFields m = of(array.get(i), field + "[" + i + "]", List.of("role", "content"), Set.of());
            messages.add(new Message(m.enumValue("role", Role::fromJson), m.string("content")));
        }
        return Collections.unmodifiableList(messages);
    }

    /** An optional object of string values; absent means empty. Key order is kept. */
    Map<String, String> stringMap(String name) {
        JsonNode object = node.get(name);
        if (object == null) {
            return Map.of();
        }
        String field = join(path, name);
        if (!object.isObject()) {
            throw new Invalid(field, "expected an object of strings, got " + typeOf(object));
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isTextual()) {
                throw new Invalid(field + "." + e.getKey(), "expected a string, got " + typeOf(e.getValue()));
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(map);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String typeOf(JsonNode value) {
        return value == null ? "nothing" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
