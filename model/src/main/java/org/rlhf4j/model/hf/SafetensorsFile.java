package org.rlhf4j.model.hf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.FloatTensor;

/**
 * A safetensors file opened for reading. Layout: an 8-byte little-endian header length n, n bytes of UTF-8 JSON
 * ({@code {"__metadata__": {...}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}}), then the data
 * section, which {@code data_offsets} index from its start.
 *
 * <p>Each tensor is memory-mapped on its own, so a file may exceed 2 GiB; one tensor must stay below 2 GiB. F32
 * tensors come back as little-endian views of the mapping (no copy); F16 and BF16 are converted to float32 arrays.
 * The header is checked when the file is opened: every error names the file, and the tensor where there is one.
 */
public final class SafetensorsFile {

    /** Larger headers are refused as corrupt (the reference implementation uses the same limit). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path path;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, long dataStart, Map<String, TensorEntry> entries,
            Map<String, String> metadata) {
        this.path = path;
        this.dataStart = dataStart;
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Opens {@code path} and checks its header against the file's size. */
    public static SafetensorsFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new HfFormatException("truncated safetensors file " + path + ": " + fileSize
                        + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new HfFormatException("bad safetensors header in " + path + ": header length "
                        + headerLength + " is not in [2, " + MAX_HEADER_BYTES + "]");
            }
            if (8 + headerLength > fileSize) {
                throw new HfFormatException("truncated safetensors file " + path + ": header length "
                        + headerLength + " runs past the end of the file (" + fileSize + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataLength = fileSize - 8 - headerLength;
            return parseHeader(path, json, 8 + headerLength, dataLength);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file reading " + buffer.capacity() + " bytes at " + position);
            }
            at += n;
        }
    }

    private static SafetensorsFile parseHeader(Path path, String json, long dataStart, long dataLength)
            throws HfFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HfFormatException("bad safetensors header in " + path + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new HfFormatException("bad safetensors header in " + path + ": not a JSON object");
        }
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA_KEY.equals(field.getKey())) {
                readMetadata(path, field.getValue(), metadata);
            } else {
                TensorEntry entry = readEntry(path, field.getKey(), field.getValue(), dataLength);
                entries.put(entry.name(), entry);
            }
        }
        return new SafetensorsFile(path, dataStart, entries, metadata);
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> metadata)
            throws HfFormatException {
        if (!node.isObject()) {
            throw new HfFormatException("bad safetensors header in " + path + ": __metadata__ is not an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new HfFormatException("bad safetensors header in " + path + ": __metadata__."
                        + e.getKey() + " is not a string");
            }
            metadata.put(e.getKey(), e.getValue().asText());
        }
    }

    private static TensorEntry readEntry(Path path, String name, JsonNode node, long dataLength)
            throws HfFormatException {
        String where = "tensor '" + name + "' in " + path;
        if (!node.isObject()) {
            throw new HfFormatException("bad safetensors header: " + where + " is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new HfFormatException("bad safetensors header: " + where + " has no string 'dtype'");
        }
        SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeNode.asText());
        if (dtype == null) {
            throw new HfFormatException("unsupported dtype '" + dtypeNode.asText() + "' of " + where);
        }
        long[] shape = nonNegativeLongs(node.get("shape"), "shape", where, -1);
        long[] offsets = nonNegativeLongs(node.get("data_offsets"), "data_offsets", where, 2);
        if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw new HfFormatException("data_offsets out of range: " + where + " spans ["
                    + offsets[0] + ", " + offsets[1] + ") but the data section holds " + dataLength
                    + " bytes (truncated file?)");
        }
        TensorEntry entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(entry.elementCount(), (long) dtype.bytes());
        } catch (ArithmeticException e) {
            throw new HfFormatException("bad safetensors header: " + where + " has an overflowing shape "
                    + Arrays.toString(shape));
        }
        if (expectedBytes != entry.byteLength()) {
            throw new HfFormatException("bad safetensors header: " + where + " of shape "
                    + Arrays.toString(shape) + " and dtype " + dtype + " needs " + expectedBytes
                    + " bytes but data_offsets span " + entry.byteLength());
        }
        return entry;
    }

    private static long[] nonNegativeLongs(JsonNode node, String field, String where, int requiredLength)
            throws HfFormatException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new HfFormatException("bad safetensors header: " + where + " has no valid '" + field + "'"
                    + (requiredLength >= 0 ? " (an array of " + requiredLength + " integers)" : " array"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new HfFormatException("bad safetensors header: " + where + " has '" + field
                        + "' entry " + v + " that is not a non-negative integer");
            }
            values[i] = v.asLong();
        }
        return values;
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    /** The header entries by name, in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The header entry of {@code name}. */
    public TensorEntry entry(String name) throws HfFormatException {
        TensorEntry entry = entries.get(name);
        if (entry == null) {
            throw new HfFormatException("no tensor '" + name + "' in " + path);
        }
        return entry;
    }

    /** The {@code __metadata__} strings (empty when the header has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads one tensor as float32: F32 as a little-endian view of a read-only memory mapping, F16/BF16 converted
     * into a new array.
     */
    public FloatTensor read(String name) throws IOException {
        TensorEntry entry = entry(name);
        if (!entry.dtype().readable()) {
            throw new HfFormatException("unsupported dtype " + entry.dtype() + " of tensor '" + name
                    + "' in " + path + ": only F32, F16 and BF16 can be read");
        }
        if (entry.byteLength() > Integer.MAX_VALUE) {
            throw new HfFormatException("tensor '" + name + "' in " + path + " has " + entry.byteLength()
                    + " bytes; a single tensor must be below 2 GiB");
        }
        ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            // The mapping stays valid after the channel is closed.
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), entry.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        long[] shape = entry.shape();
        switch (entry.dtype()) {
            case F32:
                return new FloatTensor(shape, bytes.asFloatBuffer());
            case F16:
            case BF16: {
                ShortBuffer halves = bytes.asShortBuffer();
                float[] values = new float[halves.remaining()];
                boolean bf16 = entry.dtype() == SafetensorsDtype.BF16;
                for (int i = 0; i < values.length; i++) {
                    short h = halves.get(i);
                    values[i] = bf16 ? SafetensorsDtype.bfloat16ToFloat(h) : SafetensorsDtype.halfToFloat(h);
                }
                return new FloatTensor(shape, FloatBuffer.wrap(values));
            }
            default:
                throw new IllegalStateException("unreachable: " + entry.dtype());
        }
    }

    /** Reads every tensor, in header order. */
    public Map<String, FloatTensor> readAll() throws IOException {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (String name : entries.keySet()) {
            tensors.put(name, read(name));
        }
        return tensors;
    }
}
