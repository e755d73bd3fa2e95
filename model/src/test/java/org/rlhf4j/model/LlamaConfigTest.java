package org.rlhf4j.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class LlamaConfigTest {

    @Test
    public void ffnRuleGivesThePaperSizes() {
        assertEquals(LlamaConfig.ffnHiddenSize(4096, null, 256), 11008);
        assertEquals(LlamaConfig.ffnHiddenSize(5120, null, 256), 13824);
        assertEquals(LlamaConfig.ffnHiddenSize(8192, null, 256), 22016);
        // 70B: int(2*4*8192/3) = 21845, int(1.3 * 21845) = 28398, rounded up to 4096 -> 28672
        assertEquals(LlamaConfig.ffnHiddenSize(8192, 1.3, 4096), 28672);
        // llama2.c sizes: 2*4*288/3 = 768 exactly; 2*4*512/3 = 1365 -> 1376
        assertEquals(LlamaConfig.ffnHiddenSize(288, null, 32), 768);
        assertEquals(LlamaConfig.ffnHiddenSize(512, null, 32), 1376);
        assertEquals(LlamaConfig.ffnHiddenSize(64, null, 16), 176);
    }

    @Test
    public void presetsHaveThePaperShapes() {
        LlamaConfig b7 = LlamaConfig.preset("llama2-7b");
        assertEquals(b7, new LlamaConfig(4096, 32, 32, 32, 128, 11008, 32000, 4096, 10000.0, 1e-5));
        LlamaConfig b34 = LlamaConfig.preset("llama2-34b");
        assertEquals(b34.numHeads(), 64);
        assertEquals(b34.numKvHeads(), 8);
        assertEquals(b34.intermediateSize(), 22016);
        assertEquals(b34.numLayers(), 48);
        LlamaConfig b70 = LlamaConfig.preset("llama2-70b");
        assertEquals(b70, new LlamaConfig(8192, 80, 64, 8, 128, 28672, 32000, 4096, 10000.0, 1e-5));
        assertEquals(LlamaConfig.preset("tiny"), new LlamaConfig(64, 2, 4, 2, 16, 176, 512, 256, 10000.0, 1e-5));
        assertEquals(LlamaConfig.preset("demo"), new LlamaConfig(64, 4, 4, 2, 16, 176, 1024, 512, 10000.0, 1e-5));
        assertEquals(LlamaConfig.preset("llama2c-15m"),
                new LlamaConfig(288, 6, 6, 6, 48, 768, 32000, 256, 10000.0, 1e-5));
        assertEquals(LlamaConfig.preset("llama2c-42m"),
                new LlamaConfig(512, 8, 8, 8, 64, 1376, 32000, 1024, 10000.0, 1e-5));
        assertEquals(LlamaConfig.presetNames(), List.of("llama2-7b", "llama2-13b", "llama2-34b", "llama2-70b",
                "tiny", "demo", "llama2c-15m", "llama2c-42m"));
    }

    @Test
    public void unknownPresetNamesTheKnownOnes() {
        IllegalArgumentException e =
                expectThrows(IllegalArgumentException.class, () -> LlamaConfig.preset("llama2-8b"));
        assertTrue(e.getMessage().contains("llama2-8b") && e.getMessage().contains("llama2-70b"), e.getMessage());
    }

    @Test
    public void parameterCountsMatchThePaper() {
        assertEquals(LlamaConfig.preset("llama2-7b").parameterCount(HeadKind.CAUSAL_LM), 6_738_415_616L);
        assertEquals(LlamaConfig.preset("llama2-13b").parameterCount(HeadKind.CAUSAL_LM), 13_015_864_320L);
        assertEquals(LlamaConfig.preset("llama2-70b").parameterCount(HeadKind.CAUSAL_LM), 68_976_648_192L);
        // 34B: the paper only says "34B"; hand count with GQA 64/8, F 22016
        assertEquals(LlamaConfig.preset("llama2-34b").parameterCount(HeadKind.CAUSAL_LM), 33_743_970_304L);
        // the reward model swaps the V x d head for a 1 x d score: 6738415616 - 32000*4096 + 4096
        assertEquals(LlamaConfig.preset("llama2-7b").parameterCount(HeadKind.SEQUENCE_CLASSIFICATION),
                6_607_347_712L);
        // tiny by hand: 2*(512*64) + 2*(4096+2048+2048+4096 + 3*64*176 + 128) + 64
        assertEquals(LlamaConfig.preset("tiny").parameterCount(HeadKind.CAUSAL_LM), 158_016L);
    }

    @Test
    public void parameterCountEqualsTheSumOfTheTensorShapes() {
        for (String name : LlamaConfig.presetNames()) {
            LlamaConfig config = LlamaConfig.preset(name);
            for (HeadKind head : HeadKind.values()) {
                long sum = 0;
                for (long[] shape : config.expectedTensorShapes(head).values()) {
                    long n = 1;
                    for (long d : shape) {
                        n *= d;
                    }
                    sum += n;
                }
                assertEquals(sum, config.parameterCount(head), name + " " + head);
            }
        }
    }

    @Test
    public void tensorShapesUseHuggingFaceNamesAndLayout() {
        Map<String, long[]> shapes = LlamaConfig.preset("tiny").expectedTensorShapes(HeadKind.CAUSAL_LM);
        assertEquals(shapes.size(), 2 * 9 + 3);
        List<String> names = List.copyOf(shapes.keySet());
        assertEquals(names.get(0), "model.embed_tokens.weight");
        assertEquals(names.get(1), "model.layers.0.self_attn.q_proj.weight");
        assertEquals(names.get(names.size() - 2), "model.norm.weight");
        assertEquals(names.get(names.size() - 1), "lm_head.weight");
        assertEquals(shapes.get("model.embed_tokens.weight"), new long[] {512, 64});
        assertEquals(shapes.get("model.layers.1.self_attn.q_proj.weight"), new long[] {64, 64});
        assertEquals(shapes.get("model.layers.1.self_attn.k_proj.weight"), new long[] {32, 64}); // 2 kv heads x 16
        assertEquals(shapes.get("model.layers.1.self_attn.v_proj.weight"), new long[] {32, 64});
        assertEquals(shapes.get("model.layers.1.self_attn.o_proj.weight"), new long[] {64, 64});
        assertEquals(shapes.get("model.layers.1.mlp.gate_proj.weight"), new long[] {176, 64});
        assertEquals(shapes.get("model.layers.1.mlp.up_proj.weight"), new long[] {176, 64});
        assertEquals(shapes.get("model.layers.1.mlp.down_proj.weight"), new long[] {64, 176});
        assertEquals(shapes.get("model.layers.1.input_layernorm.weight"), new long[] {64});
        assertEquals(shapes.get("model.layers.1.post_attention_layernorm.weight"), new long[] {64});
        assertEquals(shapes.get("lm_head.weight"), new long[] {512, 64});
        Map<String, long[]> rm = LlamaConfig.preset("tiny").expectedTensorShapes(HeadKind.SEQUENCE_CLASSIFICATION);
        assertEquals(rm.get("score.weight"), new long[] {1, 64});
        assertTrue(!rm.containsKey("lm_head.weight"));
    }

    @Test
    public void withVocabSizeKeepsEverythingElse() {
        LlamaConfig demo = LlamaConfig.preset("demo").withPadTokenId(900);
        LlamaConfig resized = demo.withVocabSize(700);
        assertEquals(resized.vocabSize(), 700);
        assertEquals(resized.hiddenSize(), 64);
        assertEquals(resized.numLayers(), 4);
        assertEquals(resized.numKvHeads(), 2);
        assertNull(resized.padTokenId(), "pad id 900 no longer fits a 700-token vocabulary");
        assertEquals(demo.withVocabSize(1000).padTokenId(), Integer.valueOf(900));
    }

    @Test
    public void validationRejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new LlamaConfig(64, 2, 4, 3, 16, 176, 512, 256, 10000.0, 1e-5)); // 4 % 3 != 0
        assertThrows(IllegalArgumentException.class,
                () -> new LlamaConfig(64, 2, 4, 2, 15, 176, 512, 256, 10000.0, 1e-5)); // odd head dim
        assertThrows(IllegalArgumentException.class,
                () -> new LlamaConfig(64, 2, 4, 2, 16, 176, 512, 256, 10000.0, 1e-5, 1, 512, null)); // eos >= V
    }
}
