package org.rlhf4j.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How the project's records travel in a Spark task: as JSON strings (Java serialisation of a String is stable and
 * needs nothing of the record's class), written and read back with one Jackson mapper.
 */
final class JsonCodec {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonCodec() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> writeAll(List<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(write(v));
        }
        return out;
    }

    static <T> List<T> readAll(List<String> json, Class<T> type) {
        List<T> out = new ArrayList<>(json.size());
        for (String s : json) {
            out.add(read(s, type));
        }
        return out;
    }
}
