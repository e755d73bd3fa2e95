package org.rlhf4j.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class HfParityTest {

    static final Path FIXTURES = Path.of("../../shared/fixtures/hf");

    @DataProvider
    public Object[][] fixtures() {
        return new Object[][] {{"tiny-mha"}, {"tiny-gqa"}};
    }

    static Map<String, FloatTensor> read(Path file, NDManager m) throws Exception {
        NDList list = NDList.decode(m, Files.readAllBytes(file));
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (NDArray a : list) {
            out.put(a.getName(), FloatTensor.of(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    static LlamaConfig config(JsonNode c) {
        return new LlamaConfig(c.get("hidden_size").asInt(), c.get("num_hidden_layers").asInt(),
                c.get("num_attention_heads").asInt(), c.get("num_key_value_heads").asInt(),
                c.get("head_dim").asInt(), c.get("intermediate_size").asInt(), c.get("vocab_size").asInt(),
                c.get("max_position_embeddings").asInt(), 10000.0, c.get("rms_norm_eps").asDouble());
    }

    @Test(dataProvider = "fixtures")
    public void logitsMatchTransformers(String name) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = FIXTURES.resolve(name);
        JsonNode ref = json.readTree(dir.resolve("reference.json").toFile());
        LlamaConfig config = config(json.readTree(dir.resolve("causal-lm/config.json").toFile()));
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.fromWeights(m, config, HeadKind.CAUSAL_LM,
                        read(dir.resolve("causal-lm/model.safetensors"), m))) {
            JsonNode ids = ref.get("input_ids");
            int b = ids.size();
            int t = ids.get(0).size();
            long[] flat = new long[b * t];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t; j++) {
                    flat[i * t + j] = ids.get(i).get(j).asLong();
                }
            }
            NDArray input = m.create(flat).reshape(b, t);
            NDArray logits = model.logits(model.hiddenStates(input, null, AttentionMask.causal(m, t), null));
            float[] got = logits.toFloatArray();
            JsonNode expected = ref.get("logits");
            int v = config.vocabSize();
            double maxErr = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t; j++) {
                    for (int k = 0; k < v; k++) {
                        double e = expected.get(i).get(j).get(k).asDouble();
                        maxErr = Math.max(maxErr, Math.abs(e - got[(i * t + j) * v + k]));
                    }
                }
            }
            System.out.println(name + " max logit error " + maxErr);
            assertTrue(maxErr < 1e-4, "max logit error " + maxErr);
        }
    }

    static long[][] ids(JsonNode node) {
        long[][] out = new long[node.size()][];
        for (int i = 0; i < node.size(); i++) {
            out[i] = new long[node.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = node.get(i).get(j).asLong();
            }
        }
        return out;
    }

    @Test(dataProvider = "fixtures")
    public void tokenLogProbsGreedyAndScoresMatchTransformers(String name) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path dir = FIXTURES.resolve(name);
        JsonNode ref = json.readTree(dir.resolve("reference.json").toFile());
        LlamaConfig config = config(json.readTree(dir.resolve("causal-lm/config.json").toFile()));
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel lm = LlamaModel.fromWeights(m, config, HeadKind.CAUSAL_LM,
                        read(dir.resolve("causal-lm/model.safetensors"), m));
                LlamaModel rm = LlamaModel.fromWeights(m, config, HeadKind.SEQUENCE_CLASSIFICATION,
                        read(dir.resolve("reward-model/model.safetensors"), m))) {
            long[][] ids = ids(ref.get("input_ids"));
            int b = ids.length;
            int t = ids[0].length;
            NDArray input = m.create(java.util.Arrays.stream(ids).flatMapToLong(java.util.Arrays::stream).toArray())
                    .reshape(b, t);
            NDArray logits = lm.logits(lm.hiddenStates(input, null, AttentionMask.causal(m, t), null));
            NDArray lp = TokenLogProbs.of(logits.get(":, :-1, :"), input.get(":, 1:"));
            float[] got = lp.toFloatArray();
            double maxErr = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t - 1; j++) {
                    maxErr = Math.max(maxErr,
                            Math.abs(ref.get("token_logprobs").get(i).get(j).asDouble() - got[i * (t - 1) + j]));
                }
            }
            assertTrue(maxErr < 1e-4, "max token log-prob error " + maxErr);

            int[] prompt = java.util.Arrays.stream(ids(json.createArrayNode().add(ref.get("greedy_prompt")))[0])
                    .mapToInt(x -> (int) x).toArray();
            var completion = new org.rlhf4j.model.sampling.KvCacheGenerator(lm)
                    .generate(java.util.List.of(prompt), org.rlhf4j.model.sampling.SamplingConfig.greedy(16), 0)
                    .get(0);
            int[] expected = java.util.Arrays.stream(ids(json.createArrayNode().add(ref.get("greedy_continuation")))[0])
                    .mapToInt(x -> (int) x).toArray();
            assertEquals(completion.tokens(), expected);

            long[][] rmIds = ids(ref.get("rm_input_ids"));
            int[] lengths = new int[rmIds.length];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = ref.get("rm_lengths").get(i).asInt();
            }
            int rt = rmIds[0].length;
            NDArray rmInput = m.create(java.util.Arrays.stream(rmIds).flatMapToLong(java.util.Arrays::stream).toArray())
                    .reshape(rmIds.length, rt);
            float[] scores = rm.scores(rm.hiddenStates(rmInput, null, AttentionMask.causal(m, rt), null), lengths)
                    .toFloatArray();
            for (int i = 0; i < scores.length; i++) {
                assertEquals(scores[i], ref.get("rm_scores").get(i).asDouble(), 1e-4, "reward score row " + i);
            }
        }
    }
}
