package org.rlhf4j.model.hf;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class HfConfigJsonTest {

    static final Path FIXTURES = Path.of("../../shared/fixtures/hf");

    private TempDir temp;
    private Path dir;

    @BeforeClass
    public void setUp() throws IOException {
        temp = new TempDir("hf-config-test");
        dir = temp.path;
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        temp.close();
    }

    private Path config(String name, String json) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    public void readsTransformers5ConfigWithRopeParameters() throws IOException {
        LlamaConfig gqa = HfConfigJson.read(FIXTURES.resolve("tiny-gqa/causal-lm/config.json"));
        assertEquals(gqa, new LlamaConfig(96, 3, 6, 2, 16, 256, 1000, 256, 10000.0, 1e-5, 1, 2, 0));
        assertEquals(HfConfigJson.readHeadKind(FIXTURES.resolve("tiny-gqa/causal-lm")), HeadKind.CAUSAL_LM);
        assertEquals(HfConfigJson.readHeadKind(FIXTURES.resolve("tiny-gqa/reward-model")),
                HeadKind.SEQUENCE_CLASSIFICATION);
        LlamaConfig mha = HfConfigJson.read(FIXTURES.resolve("tiny-mha/reward-model"));
        assertEquals(mha, new LlamaConfig(64, 2, 4, 4, 16, 172, 320, 128, 10000.0, 1e-5, 1, 2, 0));
    }

    @Test
    public void readsTopLevelRopeThetaAndDefaults() throws IOException {
        Path old = config("old", "{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                + " \"intermediate_size\": 176, \"vocab_size\": 100, \"max_position_embeddings\": 32,"
                + " \"rms_norm_eps\": 1e-6, \"rope_theta\": 500000.0, \"some_future_key\": [1, 2]}");
        LlamaConfig c = HfConfigJson.read(old);
        assertEquals(c.ropeTheta(), 500000.0);
        assertEquals(c.numKvHeads(), 4, "absent num_key_value_heads means one per head");
        assertEquals(c.headDim(), 16, "absent head_dim means hidden / heads");
        assertEquals(c.rmsNormEps(), 1e-6);
        assertEquals(c.bosTokenId(), 1);
        assertEquals(c.eosTokenId(), 2);
        assertNull(c.padTokenId());

        Path noTheta = config("no-theta", "{\"hidden_size\": 64, \"num_hidden_layers\": 2,"
                + " \"num_attention_heads\": 4, \"num_key_value_heads\": 1, \"intermediate_size\": 176,"
                + " \"vocab_size\": 100, \"max_position_embeddings\": 32, \"rms_norm_eps\": 1e-5}");
        assertEquals(HfConfigJson.read(noTheta).ropeTheta(), 10000.0);
        assertEquals(HfConfigJson.read(noTheta).numKvHeads(), 1);
    }

    @Test
    public void errorsNameTheFileAndTheField() throws IOException {
        Path missing = config("missing", "{\"hidden_size\": 64, \"num_attention_heads\": 4,"
                + " \"intermediate_size\": 176, \"vocab_size\": 100, \"max_position_embeddings\": 32,"
                + " \"rms_norm_eps\": 1e-5}");
        HfFormatException e = expectThrows(HfFormatException.class, () -> HfConfigJson.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("num_hidden_layers"),
                e.getMessage());

        Path wrongType = config("wrong-type", "{\"hidden_size\": \"64\", \"num_hidden_layers\": 2,"
                + " \"num_attention_heads\": 4, \"intermediate_size\": 176, \"vocab_size\": 100,"
                + " \"max_position_embeddings\": 32, \"rms_norm_eps\": 1e-5}");
        e = expectThrows(HfFormatException.class, () -> HfConfigJson.read(wrongType));
        assertTrue(e.getMessage().contains(wrongType.toString()) && e.getMessage().contains("'hidden_size'")
                && e.getMessage().contains("integer"), e.getMessage());

        Path tied = config("tied", "{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                + " \"intermediate_size\": 176, \"vocab_size\": 100, \"max_position_embeddings\": 32,"
                + " \"rms_norm_eps\": 1e-5, \"tie_word_embeddings\": true}");
        e = expectThrows(HfFormatException.class, () -> HfConfigJson.read(tied));
        assertTrue(e.getMessage().contains("tie_word_embeddings"), e.getMessage());

        Path badGqa = config("bad-gqa", "{\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                + " \"num_key_value_heads\": 3, \"intermediate_size\": 176, \"vocab_size\": 100,"
                + " \"max_position_embeddings\": 32, \"rms_norm_eps\": 1e-5}");
        e = expectThrows(HfFormatException.class, () -> HfConfigJson.read(badGqa));
        assertTrue(e.getMessage().contains(badGqa.toString()) && e.getMessage().contains("numKvHeads"),
                e.getMessage());
    }

    @Test
    public void writeThenReadRoundTrips() throws IOException {
        LlamaConfig demo = LlamaConfig.preset("demo").withPadTokenId(3);
        Path causal = dir.resolve("causal/config.json");
        HfConfigJson.write(causal, demo, HeadKind.CAUSAL_LM);
        assertEquals(HfConfigJson.read(causal), demo);
        JsonNode json = new ObjectMapper().readTree(causal.toFile());
        assertEquals(json.get("architectures").get(0).asText(), "LlamaForCausalLM");
        assertEquals(json.get("model_type").asText(), "llama");
        assertEquals(json.get("torch_dtype").asText(), "float32");
        assertEquals(json.get("tie_word_embeddings").asBoolean(true), false);
        assertEquals(json.get("pad_token_id").asInt(), 3);
        assertEquals(json.get("rope_theta").asDouble(), 10000.0);
        assertTrue(!json.has("num_labels"));

        LlamaConfig tiny = LlamaConfig.preset("tiny");
        Path rm = dir.resolve("rm/config.json");
        HfConfigJson.write(rm, tiny, HeadKind.SEQUENCE_CLASSIFICATION);
        assertEquals(HfConfigJson.read(rm), tiny);
        assertEquals(HfConfigJson.readHeadKind(rm), HeadKind.SEQUENCE_CLASSIFICATION);
        JsonNode rmJson = new ObjectMapper().readTree(rm.toFile());
        assertEquals(rmJson.get("num_labels").asInt(), 1);
        assertTrue(!rmJson.has("pad_token_id"), "no pad token, no pad_token_id");
    }
}
