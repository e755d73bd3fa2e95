package org.rlhf4j.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.model.FloatTensor;

/**
 * Writes float32 tensors as a safetensors file: 8-byte little-endian header length, the JSON header with
 * {@code "__metadata__": {"format": "pt"}} first and the tensors in name order, padded with spaces so the data
 * section starts at a multiple of 8 bytes (as the reference implementation does), then the raw little-endian
 * values. The file is written atomically.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALIGNMENT = 8;
    private static final int CHUNK_FLOATS = 1 << 14;

    private SafetensorsWriter() {}

    /** Writes {@code tensors} to {@code target} with metadata {@code {"format": "pt"}}. */
    public static void write(Path target, Map<String, FloatTensor> tensors) throws IOException {
        write(target, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (ordered by name in the file) to {@code target}; {@code metadata} is added to
     * {@code "format": "pt"}.
     */
    public static void write(Path target, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        byte[] header = header(sorted, metadata);
        AtomicFile.write(target, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            out.write(length.array());
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatTensor tensor : sorted.values()) {
                writeFloats(out, tensor.data().duplicate(), chunk);
            }
        });
    }

    /** Bytes a float32 tensor takes in the data section. */
    public static long dataBytes(FloatTensor tensor) {
        return tensor.size() * Float.BYTES;
    }

    private static byte[] header(Map<String, FloatTensor> sorted, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("__metadata__");
        meta.put("format", "pt");
        new TreeMap<>(metadata).forEach(meta::put);
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
            ObjectNode entry = root.putObject(e.getKey());
            entry.put("dtype", SafetensorsDtype.F32.name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + dataBytes(e.getValue());
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        StringBuilder json = new StringBuilder(root.toString());
        int length = json.toString().getBytes(StandardCharsets.UTF_8).length;
        while (length % ALIGNMENT != 0) {
            json.append(' ');
            length++;
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeFloats(OutputStream out, FloatBuffer source, ByteBuffer chunk) throws IOException {
        FloatBuffer view = chunk.asFloatBuffer();
        while (source.hasRemaining()) {
            int n = Math.min(source.remaining(), CHUNK_FLOATS);
            FloatBuffer part = source.slice();
            part.limit(n);
            view.clear();
            view.put(part);
            source.position(source.position() + n);
            out.write(chunk.array(), 0, n * Float.BYTES);
        }
    }
}
