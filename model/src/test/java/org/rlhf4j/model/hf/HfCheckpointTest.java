package org.rlhf4j.model.hf;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.rlhf4j.model.FloatTensor;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class HfCheckpointTest {

    /** 2 layers, 4 heads, 2 key/value heads of width 8, FFN 48, vocabulary 40. */
    private static final LlamaConfig SMALL =
            new LlamaConfig(32, 2, 4, 2, 8, 48, 40, 64, 10000.0, 1e-5, 1, 2, 0);

    private TempDir temp;
    private Path dir;

    @BeforeClass
    public void setUp() throws IOException {
        temp = new TempDir("hf-checkpoint-test");
        dir = temp.path;
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        temp.close();
    }

    private static Map<String, FloatTensor> randomTensors(LlamaConfig config, HeadKind head, long seed) {
        Random random = new Random(seed);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        config.expectedTensorShapes(head).forEach((name, shape) -> {
            float[] values = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            tensors.put(name, FloatTensor.of(shape, values));
        });
        return tensors;
    }

    private static void assertSameTensors(Map<String, FloatTensor> actual, Map<String, FloatTensor> expected) {
        assertEquals(List.copyOf(actual.keySet()), List.copyOf(expected.keySet()));
        for (String name : expected.keySet()) {
            assertEquals(actual.get(name).shape(), expected.get(name).shape(), name);
            assertEquals(actual.get(name).toArray(), expected.get(name).toArray(), name);
        }
    }

    @Test
    public void singleFileRoundTrip() throws IOException {
        HfCheckpoint original = new HfCheckpoint(SMALL, HeadKind.CAUSAL_LM, randomTensors(SMALL, HeadKind.CAUSAL_LM, 1));
        Path out = dir.resolve("single");
        original.write(out);
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertFalse(Files.exists(out.resolve("model.safetensors.index.json")));
        HfCheckpoint read = HfCheckpoint.read(out);
        assertEquals(read.config(), SMALL);
        assertEquals(read.headKind(), HeadKind.CAUSAL_LM);
        assertSameTensors(read.tensors(), original.tensors());
    }

    @Test
    public void shardedRoundTripWritesAnIndex() throws IOException {
        Map<String, FloatTensor> tensors = randomTensors(SMALL, HeadKind.SEQUENCE_CLASSIFICATION, 2);
        HfCheckpoint original = new HfCheckpoint(SMALL, HeadKind.SEQUENCE_CLASSIFICATION, tensors);
        long totalBytes = 4 * SMALL.parameterCount(HeadKind.SEQUENCE_CLASSIFICATION);
        long maxShard = 8 * 1024;
        Path out = dir.resolve("sharded");
        original.write(out, maxShard);

        JsonNode index = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
        assertEquals(index.get("metadata").get("total_size").asLong(), totalBytes);
        Set<String> shardFiles = new HashSet<>();
        index.get("weight_map").properties().forEach(e -> shardFiles.add(e.getValue().asText()));
        assertEquals(index.get("weight_map").size(), tensors.size());
        assertTrue(shardFiles.size() > 2, "expected several shards, got " + shardFiles);
        int n = shardFiles.size();
        for (int i = 1; i <= n; i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i, n);
            assertTrue(shardFiles.contains(name), name + " in " + shardFiles);
            SafetensorsFile shard = SafetensorsFile.open(out.resolve(name));
            long bytes = shard.entries().values().stream().mapToLong(TensorEntry::byteLength).sum();
            assertTrue(bytes <= maxShard || shard.names().size() == 1, name + " holds " + bytes + " bytes");
        }
        assertFalse(Files.exists(out.resolve("model.safetensors")));

        HfCheckpoint read = HfCheckpoint.read(out, HeadKind.SEQUENCE_CLASSIFICATION);
        assertEquals(read.config(), SMALL);
        assertEquals(read.headKind(), HeadKind.SEQUENCE_CLASSIFICATION);
        assertSameTensors(read.tensors(), tensors);

        // rewriting the same directory as a single file removes the index
        read.write(out);
        try (Stream<Path> files = Files.list(out)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("model.safetensors.index.json")));
        }
        assertSameTensors(HfCheckpoint.read(out).tensors(), tensors);
    }

    @Test
    public void wrongHeadKindIsRefused() throws IOException {
        Path out = dir.resolve("rm");
        new HfCheckpoint(SMALL, HeadKind.SEQUENCE_CLASSIFICATION,
                randomTensors(SMALL, HeadKind.SEQUENCE_CLASSIFICATION, 3)).write(out);
        HfFormatException e = expectThrows(HfFormatException.class,
                () -> HfCheckpoint.read(out, HeadKind.CAUSAL_LM));
        assertEquals(e.getMessage(), out + ": holds a reward model (LlamaForSequenceClassification); expected a"
                + " language model (LlamaForCausalLM)");
    }

    @Test
    public void mismatchListsEveryMissingMisshapedAndUnexpectedTensor() throws IOException {
        Map<String, FloatTensor> tensors = randomTensors(SMALL, HeadKind.CAUSAL_LM, 4);
        tensors.remove("model.layers.1.mlp.up_proj.weight");
        tensors.remove("model.norm.weight");
        tensors.put("model.layers.0.self_attn.k_proj.weight", FloatTensor.of(new long[] {32, 32}, new float[32 * 32]));
        tensors.put("model.layers.0.self_attn.rotary_emb.inv_freq", FloatTensor.of(new long[] {4}, new float[4]));
        tensors.put("model.layers.0.self_attn.q_proj.bias", FloatTensor.of(new long[] {32}, new float[32]));
        Path out = dir.resolve("broken");
        SafetensorsWriter.write(out.resolve("model.safetensors"), tensors);
        HfConfigJson.write(out.resolve("config.json"), SMALL, HeadKind.CAUSAL_LM);

        HfFormatException e = expectThrows(HfFormatException.class, () -> HfCheckpoint.read(out));
        String m = e.getMessage();
        assertTrue(m.contains(out.toString()), m);
        assertTrue(m.contains("missing model.layers.1.mlp.up_proj.weight (expected shape [48, 32])"), m);
        assertTrue(m.contains("missing model.norm.weight (expected shape [32])"), m);
        assertTrue(m.contains("model.layers.0.self_attn.k_proj.weight has shape [32, 32], expected [16, 32] (in "
                + out.resolve("model.safetensors") + ")"), m);
        assertTrue(m.contains("unexpected tensor model.layers.0.self_attn.q_proj.bias"), m);
        assertFalse(m.contains("inv_freq"), "rotary buffers are ignored: " + m);
    }

    @Test
    public void rotaryBuffersAreSkipped() throws IOException {
        Map<String, FloatTensor> tensors = randomTensors(SMALL, HeadKind.CAUSAL_LM, 5);
        Map<String, FloatTensor> withBuffer = new LinkedHashMap<>(tensors);
        withBuffer.put("model.layers.1.self_attn.rotary_emb.inv_freq", FloatTensor.of(new long[] {4}, new float[4]));
        Path out = dir.resolve("with-inv-freq");
        SafetensorsWriter.write(out.resolve("model.safetensors"), withBuffer);
        HfConfigJson.write(out.resolve("config.json"), SMALL, HeadKind.CAUSAL_LM);
        assertSameTensors(HfCheckpoint.read(out).tensors(), tensors);
    }

    @Test
    public void missingFilesAreNamed() throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        HfFormatException e = expectThrows(HfFormatException.class, () -> HfCheckpoint.read(empty));
        assertEquals(e.getMessage(), empty + ": no config.json in this directory; expected a model directory"
                + " (config.json + model.safetensors)");
        Path missing = dir.resolve("no-such-model");
        assertEquals(expectThrows(HfFormatException.class, () -> HfCheckpoint.read(missing)).getMessage(),
                missing + ": no such directory; expected a model directory (config.json + model.safetensors)");
        Path file = Files.writeString(dir.resolve("weights.bin"), "x");
        assertEquals(expectThrows(HfFormatException.class, () -> HfCheckpoint.read(file)).getMessage(),
                file + ": is a file; expected a model directory (config.json + model.safetensors)");
        HfConfigJson.write(empty.resolve("config.json"), SMALL, HeadKind.CAUSAL_LM);
        e = expectThrows(HfFormatException.class, () -> HfCheckpoint.read(empty));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @DataProvider
    public Object[][] fixtures() {
        return new Object[][] {
            {"tiny-mha/causal-lm", HeadKind.CAUSAL_LM}, {"tiny-mha/reward-model", HeadKind.SEQUENCE_CLASSIFICATION},
            {"tiny-gqa/causal-lm", HeadKind.CAUSAL_LM}, {"tiny-gqa/reward-model", HeadKind.SEQUENCE_CLASSIFICATION},
        };
    }

    @Test(dataProvider = "fixtures")
    public void readsTransformersFixtures(String name, HeadKind head) throws IOException {
        HfCheckpoint checkpoint = HfCheckpoint.read(HfConfigJsonTest.FIXTURES.resolve(name));
        assertEquals(checkpoint.headKind(), head);
        Map<String, long[]> expected = checkpoint.config().expectedTensorShapes(head);
        assertEquals(List.copyOf(checkpoint.tensors().keySet()), List.copyOf(expected.keySet()));
        long parameters = 0;
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            assertEquals(checkpoint.tensors().get(e.getKey()).shape(), e.getValue(), e.getKey());
            parameters += checkpoint.tensors().get(e.getKey()).size();
        }
        assertEquals(parameters, checkpoint.config().parameterCount(head));
        for (int layer = 0; layer < checkpoint.config().numLayers(); layer++) {
            for (float g : checkpoint.tensors().get("model.layers." + layer + ".input_layernorm.weight").toArray()) {
                assertTrue(g >= 0.5f && g <= 1.5f, "norm gains are drawn from U(0.5, 1.5), got " + g);
            }
        }
    }

    @Test
    public void fixtureValuesMatchAnIndependentReader() throws IOException {
        // sums and end values computed in Python with struct.unpack from the raw bytes
        HfCheckpoint gqa = HfCheckpoint.read(HfConfigJsonTest.FIXTURES.resolve("tiny-gqa/causal-lm"));
        float[] norm = gqa.tensors().get("model.norm.weight").toArray();
        assertEquals(sum(norm), 95.3217688202858, 1e-9);
        assertEquals(norm[0], 1.178957462310791f);
        assertEquals(norm[95], 1.3135873079299927f);
        float[] down = gqa.tensors().get("model.layers.1.mlp.down_proj.weight").toArray();
        assertEquals(sum(down), -0.6463970720606369, 1e-9);
        assertEquals(down[1], 0.00909592304378748f);
        HfCheckpoint mha = HfCheckpoint.read(HfConfigJsonTest.FIXTURES.resolve("tiny-mha/reward-model"));
        assertEquals(sum(mha.tensors().get("model.layers.1.mlp.down_proj.weight").toArray()), -1.0691297820278578,
                1e-9);
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    @Test
    public void fixtureSurvivesExportAndImport() throws IOException {
        HfCheckpoint rm = HfCheckpoint.read(HfConfigJsonTest.FIXTURES.resolve("tiny-gqa/reward-model"));
        Path out = dir.resolve("fixture-copy");
        rm.write(out, 100_000);
        HfCheckpoint again = HfCheckpoint.read(out);
        assertEquals(again.config(), rm.config());
        assertEquals(again.headKind(), HeadKind.SEQUENCE_CLASSIFICATION);
        assertSameTensors(again.tensors(), rm.tensors());
    }
}
