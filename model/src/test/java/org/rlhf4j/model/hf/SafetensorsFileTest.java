package org.rlhf4j.model.hf;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.FloatTensor;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class SafetensorsFileTest {

    private TempDir temp;
    private Path dir;

    @BeforeClass
    public void setUp() throws IOException {
        temp = new TempDir("safetensors-test");
        dir = temp.path;
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        temp.close();
    }

    /** Writes a safetensors file byte by byte: 8-byte little-endian header length, JSON, data. */
    static void handMade(Path file, String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        Files.write(file, b.array());
    }

    private static byte[] shortsLittleEndian(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    @Test
    public void writeThenReadGivesTheSameTensors() throws IOException {
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", FloatTensor.of(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, 1e30f}));
        tensors.put("a.gain", FloatTensor.of(new long[] {4}, new float[] {0.5f, 0.25f, -0.125f, 7}));
        tensors.put("scalar", FloatTensor.of(new long[] {}, new float[] {42}));
        Path file = dir.resolve("round.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("note", "test"));

        SafetensorsFile read = SafetensorsFile.open(file);
        assertEquals(read.names(), List.of("a.gain", "b.weight", "scalar")); // written in name order
        assertEquals(read.metadata(), Map.of("format", "pt", "note", "test"));
        for (String name : tensors.keySet()) {
            assertEquals(read.entry(name).dtype(), SafetensorsDtype.F32);
            FloatTensor t = read.read(name);
            assertEquals(t.shape(), tensors.get(name).shape(), name);
            assertEquals(t.toArray(), tensors.get(name).toArray(), name);
        }
        assertTrue(read.read("b.weight").data().isDirect(), "F32 is a view of the mapping");
        // header padded so the data section starts on an 8-byte boundary
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = head.getLong(0);
        assertEquals(headerLength % 8, 0);
        assertEquals(Files.size(file), 8 + headerLength + 4 * (6 + 4 + 1));
        String header = new String(Files.readAllBytes(file), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\""), header);
    }

    @Test
    public void readsHandMadeFloat16() throws IOException {
        Path file = dir.resolve("f16.safetensors");
        // 1.0, -2.0, 0x3555 = 2^-2 * (1 + 341/1024), smallest subnormal 2^-24, max 65504, +inf, -0.0
        handMade(file, "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]}}",
                shortsLittleEndian(0x3C00, 0xC000, 0x3555, 0x0001, 0x7BFF, 0x7C00, 0x8000));
        FloatTensor t = SafetensorsFile.open(file).read("h");
        assertEquals(t.toArray(), new float[] {1f, -2f, 0.333251953125f, 0x1.0p-24f, 65504f,
                Float.POSITIVE_INFINITY, -0.0f});
        assertEquals(Float.floatToRawIntBits(t.toArray()[6]), 0x80000000, "negative zero keeps its sign");
    }

    @Test
    public void readsHandMadeBfloat16() throws IOException {
        Path file = dir.resolve("bf16.safetensors");
        // 1.0, -5.0, 0x3EAB -> 0x3EAB0000 = 0.333984375, +inf, smallest subnormal 0x00010000
        handMade(file, "{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"w\":{\"dtype\":\"BF16\",\"shape\":[5,1],\"data_offsets\":[0,10]}}",
                shortsLittleEndian(0x3F80, 0xC0A0, 0x3EAB, 0x7F80, 0x0001));
        FloatTensor t = SafetensorsFile.open(file).read("w");
        assertEquals(t.shape(), new long[] {5, 1});
        assertEquals(t.toArray(), new float[] {1f, -5f, 0.333984375f, Float.POSITIVE_INFINITY,
                Float.intBitsToFloat(0x00010000)});
    }

    @Test
    public void halfConversionIsExactForEveryValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int exponent = (bits >>> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            float sign = (bits & 0x8000) != 0 ? -1f : 1f;
            float actual = SafetensorsDtype.halfToFloat((short) bits);
            if (exponent == 0x1F) {
                assertEquals(Float.isNaN(actual), mantissa != 0, Integer.toHexString(bits));
                continue;
            }
            float expected = exponent == 0
                    ? sign * Math.scalb((float) mantissa, -24)
                    : sign * Math.scalb(1f + mantissa / 1024f, exponent - 15);
            assertEquals(Float.floatToIntBits(actual), Float.floatToIntBits(expected), Integer.toHexString(bits));
        }
    }

    @Test
    public void truncatedFilesAreNamed() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        HfFormatException e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(tiny));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(tiny.toString()), e.getMessage());

        Path shortHeader = dir.resolve("short-header.safetensors");
        byte[] bytes = new byte[20];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100);
        Files.write(shortHeader, bytes);
        e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(shortHeader));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("header length 100"),
                e.getMessage());
    }

    @Test
    public void dataCutShortIsAnOffsetError() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        handMade(file, "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[12]);
        HfFormatException e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains("out of range") && e.getMessage().contains("'x'")
                && e.getMessage().contains(file.toString()) && e.getMessage().contains("holds 12 bytes"),
                e.getMessage());
    }

    @Test
    public void badHeadersAreRefused() throws IOException {
        Path notJson = dir.resolve("not-json.safetensors");
        handMade(notJson, "{\"x\": [", new byte[0]);
        HfFormatException e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(notJson));
        assertTrue(e.getMessage().contains("bad safetensors header") && e.getMessage().contains(notJson.toString()),
                e.getMessage());

        Path wrongSize = dir.resolve("wrong-size.safetensors");
        handMade(wrongSize, "{\"m\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
        e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(wrongSize));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("needs 16 bytes"), e.getMessage());

        Path unknownType = dir.resolve("unknown-type.safetensors");
        handMade(unknownType, "{\"q\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,1]}}", new byte[1]);
        e = expectThrows(HfFormatException.class, () -> SafetensorsFile.open(unknownType));
        assertTrue(e.getMessage().contains("Q4") && e.getMessage().contains("'q'"), e.getMessage());
    }

    @Test
    public void integerTensorsCannotBeReadAsFloats() throws IOException {
        Path file = dir.resolve("ints.safetensors");
        handMade(file, "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
        SafetensorsFile opened = SafetensorsFile.open(file);
        assertEquals(opened.entry("ids").dtype(), SafetensorsDtype.I64);
        HfFormatException e = expectThrows(HfFormatException.class, () -> opened.read("ids"));
        assertTrue(e.getMessage().contains("I64") && e.getMessage().contains("'ids'")
                && e.getMessage().contains(file.toString()), e.getMessage());
    }
    @Test
    public void tensorsPast2GiBAreMappedOnTheirOwn() throws IOException {
        // A sparse file of ~2.4 GB: a 600M-float tensor, then a small tensor that starts past 2^31 bytes.
        long bigBytes = 600_000_000L * 4;
        Path file = dir.resolve("big.safetensors");
        String json = "{\"big\":{\"dtype\":\"F32\",\"shape\":[600000000],\"data_offsets\":[0," + bigBytes
                + "]},\"tail\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + bigBytes + ","
                + (bigBytes + 16) + "]}}";
        handMade(file, json, new byte[0]);
        long dataStart = Files.size(file);
        ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        tail.putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(0.25f).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(tail, dataStart + bigBytes); // leaves a hole: no 2.4 GB written to disk
        }
        assertTrue(Files.size(file) > (1L << 31));
        SafetensorsFile opened = SafetensorsFile.open(file);
        assertEquals(opened.read("tail").toArray(), new float[] {1.5f, -2f, 3f, 0.25f});
        HfFormatException e = expectThrows(HfFormatException.class, () -> opened.read("big"));
        assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("2 GiB"), e.getMessage());
    }
}
