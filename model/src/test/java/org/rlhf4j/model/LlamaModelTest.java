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
import java.util.List;
import org.testng.annotations.Test;

public class LlamaModelTest {

    static final LlamaConfig CONFIG = new LlamaConfig(32, 2, 4, 2, 8, 64, 48, 64, 10000.0, 1e-5);

    @Test
    public void parametersCarryHuggingFaceNamesAndShapes() {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, CONFIG, HeadKind.CAUSAL_LM, 1)) {
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                names.add(p.getKey());
                long[] expected = CONFIG.expectedTensorShapes(HeadKind.CAUSAL_LM).get(p.getKey());
                assertEquals(p.getValue().getArray().getShape().getShape(), expected, p.getKey());
            }
            assertEquals(names, new ArrayList<>(CONFIG.expectedTensorShapes(HeadKind.CAUSAL_LM).keySet()));
            assertEquals(CONFIG.parameterCount(HeadKind.CAUSAL_LM),
                    model.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum());
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
