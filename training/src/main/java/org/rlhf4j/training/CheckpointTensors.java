package org.rlhf4j.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * A minimal float32 safetensors writer and reader for the training core's checkpoints (small, held in memory). The
 * model module's memory-mapped safetensors IO is meant for real Llama shards; this one only exists so that the
 * training core does not depend on the model module, and is package-private until the two are unified.
 *
 * <p>Layout: 8-byte little-endian header length, a JSON header {@code {"name": {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, "__metadata__": {"format": "pt"}}} padded with spaces to a multiple of 8, then
 * the raw little-endian data in header order (names sorted).
 */
final class CheckpointTensors {

    /** A named tensor on the Java side. */
    record Tensor(long[] shape, float[] values) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointTensors() {}

    static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            long n = 1;
            for (long d : e.getValue().shape()) {
                shape.add(d);
                n *= d;
            }
            if (n != e.getValue().values().length) {
                throw new IllegalArgumentException("tensor " + e.getKey() + ": shape holds " + n + " values, got "
                        + e.getValue().values().length);
            }
            entry.putArray("data_offsets").add(offset).add(offset + 4 * n);
            offset += 4 * n;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        AtomicFile.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Tensor t : sorted.values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.values());
                out.write(data.array());
            }
        });
    }

    static Map<String, Tensor> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 8) {
            throw new IOException(file + ": too short for a safetensors file");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength < 0 || 8 + headerLength > bytes.length) {
            throw new IOException(file + ": header length " + headerLength + " exceeds the file");
        }
        JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + (int) headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode entry = e.getValue();
            if (!"F32".equals(entry.path("dtype").asText())) {
                throw new IOException(file + ": tensor " + e.getKey() + " has dtype " + entry.path("dtype")
                        + ", only F32 is supported here");
            }
            long[] shape = new long[entry.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = entry.path("shape").get(i).asLong();
            }
            long begin = entry.path("data_offsets").get(0).asLong();
            long end = entry.path("data_offsets").get(1).asLong();
            if (begin < 0 || end < begin || dataStart + end > bytes.length || (end - begin) % 4 != 0) {
                throw new IOException(file + ": tensor " + e.getKey() + " has bad data_offsets [" + begin + ", "
                        + end + "]");
            }
            float[] values = new float[(int) ((end - begin) / 4)];
            ByteBuffer.wrap(bytes, dataStart + (int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            out.put(e.getKey(), new Tensor(shape, values));
        }
        return out;
    }
}
