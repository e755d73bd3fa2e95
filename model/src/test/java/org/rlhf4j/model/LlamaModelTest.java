package org.rlhf4j.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import org.testng.annotations.Test;

public class LlamaModelTest {

    static final LlamaConfig CONFIG = new LlamaConfig(32, 2, 4, 2, 8, 64, 48, 64, 10000.0, 1e-5);

    @Test
    public void checkpointCarriesHuggingFaceNamesAndShapes() {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 1)) {
            Map<String, FloatTensor> tensors = model.toCheckpoint().tensors();
            assertEquals(new ArrayList<>(tensors.keySet()),
                    new ArrayList<>(CONFIG.expectedTensorShapes(HeadKind.CAUSAL_LM).keySet()));
            tensors.forEach((name, t) ->
                    assertEquals(t.shape(), CONFIG.expectedTensorShapes(HeadKind.CAUSAL_LM).get(name), name));
            assertEquals(CONFIG.parameterCount(HeadKind.CAUSAL_LM),
                    model.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
        }
    }

    @Test
    public void fusedParametersStackTheirHuggingFaceTensors() {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 1)) {
            Map<String, FloatTensor> tensors = model.toCheckpoint().tensors();
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                names.add(p.getKey());
            }
            assertEquals(names, new ArrayList<>(model.fusedTensors().keySet()));
            // Layer 1's fused q/k/v (4·8 + 2·2·8 = 64 rows of 32): row 32 is k_proj's first row, row 48 v_proj's.
            float[] qkv = model.namedParameters().get("model.layers.1.self_attn.qkv_proj.weight").getArray()
                    .toFloatArray();
            assertEquals(qkv.length, 64 * 32);
            float[] k = tensors.get("model.layers.1.self_attn.k_proj.weight").toArray();
            float[] v = tensors.get("model.layers.1.self_attn.v_proj.weight").toArray();
            assertEquals(Arrays.copyOfRange(qkv, 32 * 32, 48 * 32), k);
            assertEquals(Arrays.copyOfRange(qkv, 48 * 32, 64 * 32), v);
            float[] gateUp = model.namedParameters().get("model.layers.0.mlp.gate_up_proj.weight").getArray()
                    .toFloatArray();
            assertEquals(Arrays.copyOfRange(gateUp, 64 * 32, 128 * 32),
                    tensors.get("model.layers.0.mlp.up_proj.weight").toArray());
            assertEquals(model.fusedTensors().get("model.layers.0.mlp.gate_up_proj.weight"),
                    List.of("model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight"));
        }
    }

    @Test
    public void initialisationDrawsEveryHuggingFaceTensorInCheckpointOrder() {
        // The fused layout must not change the seeded initial weights: tensor i gets the i-th block of draws.
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 7)) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            Map<String, FloatTensor> tensors = model.toCheckpoint().tensors();
            int embedding = CONFIG.vocabSize() * CONFIG.hiddenSize();
            for (int i = 0; i < embedding; i++) {
                random.nextDouble();
                random.nextDouble();
            }
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            float expected = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2) * 0.02);
            assertEquals(tensors.get("model.layers.0.self_attn.q_proj.weight").toArray()[0], expected);
        }
    }

    @Test
    public void saveThenLoadGivesTheSameLogits() throws Exception {
        Path dir = Files.createTempDirectory("llama");
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 3)) {
            model.save(dir);
            try (LlamaModel back = LlamaModel.load(m, dir)) {
                NDArray ids = m.create(new long[] {1, 4, 9, 16, 25}).reshape(1, 5);
                NDArray bias = AttentionMask.causal(m, 5);
                float[] a = model.logits(model.hiddenStates(ids, null, bias, null)).toFloatArray();
                float[] b = back.logits(back.hiddenStates(ids, null, bias, null)).toFloatArray();
                assertEquals(b, a);
                assertEquals(back.config().hiddenSize(), CONFIG.hiddenSize());
            }
        }
    }

    @Test
    public void segmentMaskKeepsPackedExamplesApart() {
        // Two examples packed in one row with a block-diagonal mask must give the logits each has alone.
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 5)) {
            long[] first = {1, 7, 8, 9};
            long[] second = {1, 11, 12};
            long[] packed = {1, 7, 8, 9, 1, 11, 12};
            int[][] segments = {{1, 1, 1, 1, 2, 2, 2}};
            NDArray packedIds = m.create(packed).reshape(1, 7);
            NDArray positions = m.create(new long[] {0, 1, 2, 3, 0, 1, 2}).reshape(1, 7);
            float[] together = model.logits(model.hiddenStates(packedIds, positions,
                    AttentionMask.causalWithinSegments(m, segments), null)).toFloatArray();
            float[] alone = model.logits(model.hiddenStates(m.create(second).reshape(1, 3), null,
                    AttentionMask.causal(m, 3), null)).toFloatArray();
            int v = CONFIG.vocabSize();
            double maxErr = 0;
            for (int t = 0; t < 3; t++) {
                for (int k = 0; k < v; k++) {
                    maxErr = Math.max(maxErr, Math.abs(together[(4 + t) * v + k] - alone[t * v + k]));
                }
            }
            assertTrue(maxErr < 1e-5, "second example differs by " + maxErr);
            assertEquals(first.length + second.length, packed.length);
        }
    }
}
