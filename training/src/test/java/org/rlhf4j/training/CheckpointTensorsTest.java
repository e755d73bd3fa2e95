package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

public class CheckpointTensorsTest {

    @Test
    public void roundTripAndLayout() throws IOException {
        Path file = Files.createTempDirectory("st").resolve("t.safetensors");
        CheckpointTensors.write(file, Map.of(
                "b", new CheckpointTensors.Tensor(new long[] {3}, new float[] {1f, 2f, 3f}),
                "a", new CheckpointTensors.Tensor(new long[] {1, 2}, new float[] {-1.5f, 0.25f})));
        Map<String, CheckpointTensors.Tensor> back = CheckpointTensors.read(file);
        assertEquals(back.get("a").shape(), new long[] {1, 2});
        assertEquals(back.get("a").values(), new float[] {-1.5f, 0.25f});
        assertEquals(back.get("b").values(), new float[] {1f, 2f, 3f});

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(headerLength % 8, 0);
        assertEquals(bytes.length, 8 + headerLength + 5 * 4);
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals(header.contains("\"__metadata__\":{\"format\":\"pt\"}"), true, header);
        // Names sorted: "a" data first, at offset 0.
        assertEquals(header.contains("\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}"), true, header);
        float first = ByteBuffer.wrap(bytes, 8 + (int) headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(first, -1.5f);
    }
}
