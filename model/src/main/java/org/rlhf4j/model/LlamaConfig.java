package org.rlhf4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shape of a Llama 2 model (METHOD.md §1).
 *
 * <p>The paper's sizes and small CPU sizes are available by name through {@link #preset(String)}; a Hugging Face
 * {@code config.json} is read and written by {@code org.rlhf4j.model.hf.HfConfigJson}.
 *
 * @param hiddenSize model width d
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention when fewer than {@code numHeads})
 * @param headDim width of one head (hidden / heads for every Llama 2 size)
 * @param intermediateSize SwiGLU hidden size (see {@link #ffnHiddenSize(int, Double, int)})
 * @param vocabSize vocabulary size
 * @param maxPositions context length
 * @param ropeTheta rotary base θ
 * @param rmsNormEps RMSNorm ε
 * @param bosTokenId beginning-of-sequence id (Llama 2: 1; default 1)
 * @param eosTokenId end-of-sequence id (Llama 2: 2; default 2)
 * @param padTokenId padding id, or {@code null} when the model has none (Llama 2 has none; default {@code null})
 */
public record LlamaConfig(
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int vocabSize,
        int maxPositions,
        double ropeTheta,
        double rmsNormEps,
        int bosTokenId,
        int eosTokenId,
        Integer padTokenId) {

    /** Llama 2's beginning-of-sequence id. */
    public static final int DEFAULT_BOS_ID = 1;
    /** Llama 2's end-of-sequence id. */
    public static final int DEFAULT_EOS_ID = 2;

    private static final Map<String, Supplier<LlamaConfig>> PRESETS = presets();

    public LlamaConfig {
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0 || headDim <= 0
                || intermediateSize <= 0 || vocabSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("every LlamaConfig size must be positive");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "numHeads (" + numHeads + ") must be a multiple of numKvHeads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even for rotary embeddings, got " + headDim);
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsNormEps must be positive");
        }
        checkTokenId("bosTokenId", bosTokenId, vocabSize);
        checkTokenId("eosTokenId", eosTokenId, vocabSize);
        if (padTokenId != null) {
            checkTokenId("padTokenId", padTokenId, vocabSize);
        }
    }

    /** A config with Llama 2's special ids: BOS 1, EOS 2, no pad token. */
    public LlamaConfig(int hiddenSize, int numLayers, int numHeads, int numKvHeads, int headDim,
            int intermediateSize, int vocabSize, int maxPositions, double ropeTheta, double rmsNormEps) {
        this(hiddenSize, numLayers, numHeads, numKvHeads, headDim, intermediateSize, vocabSize, maxPositions,
                ropeTheta, rmsNormEps, DEFAULT_BOS_ID, DEFAULT_EOS_ID, null);
    }

    private static void checkTokenId(String field, int id, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IllegalArgumentException(field + " " + id + " is outside the vocabulary [0, " + vocabSize + ")");
        }
    }

    /**
     * The feed-forward size rule of meta-llama {@code model.py}:
     * {@code h = int(2 * 4 * dim / 3)}; if {@code ffnDimMultiplier} is set, {@code h = int(m * h)}; then h is
     * rounded up to a multiple of {@code multipleOf}. 7B: 11008, 13B: 13824, 34B: 22016, 70B (m = 1.3,
     * multiple_of = 4096): 28672.
     *
     * @param dim model width
     * @param ffnDimMultiplier optional multiplier, {@code null} when unset
     * @param multipleOf rounding granularity
     */
    public static int ffnHiddenSize(int dim, Double ffnDimMultiplier, int multipleOf) {
        if (dim <= 0 || multipleOf <= 0) {
            throw new IllegalArgumentException("dim and multipleOf must be positive");
        }
        long h = 2L * (4L * dim) / 3; // int(2 * hidden / 3) with hidden = 4 * dim; both are non-negative
        if (ffnDimMultiplier != null) {
            h = (long) (ffnDimMultiplier * h);
        }
        long rounded = multipleOf * ((h + multipleOf - 1) / multipleOf);
        return Math.toIntExact(rounded);
    }

    /** The names {@link #preset(String)} accepts, in a stable order (paper sizes first, then CPU sizes). */
    public static List<String> presetNames() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * A named model size: the paper's {@code llama2-7b}, {@code llama2-13b}, {@code llama2-34b}, {@code llama2-70b}
     * (context 4096, vocabulary 32000, θ 10000, ε 1e-5, head dim 128), the CPU sizes {@code tiny} and {@code demo},
     * and karpathy/llama2.c's {@code llama2c-15m} and {@code llama2c-42m}.
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is not one
     */
    public static LlamaConfig preset(String name) {
        Supplier<LlamaConfig> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ",
                    PRESETS.keySet()));
        }
        return preset.get();
    }

    private static Map<String, Supplier<LlamaConfig>> presets() {
        Map<String, Supplier<LlamaConfig>> p = new LinkedHashMap<>();
        p.put("llama2-7b", () -> paperSize(4096, 32, 32, 32, null, 256));
        p.put("llama2-13b", () -> paperSize(5120, 40, 40, 40, null, 256));
        p.put("llama2-34b", () -> paperSize(8192, 48, 64, 8, null, 256));
        p.put("llama2-70b", () -> paperSize(8192, 80, 64, 8, 1.3, 4096));
        p.put("tiny", () -> cpuSize(64, 2, 4, 2, 16, 512, 256));
        p.put("demo", () -> cpuSize(64, 4, 4, 2, 16, 1024, 512));
        p.put("llama2c-15m", () -> cpuSize(288, 6, 6, 6, 32, 32000, 256));
        p.put("llama2c-42m", () -> cpuSize(512, 8, 8, 8, 32, 32000, 1024));
        return Collections.unmodifiableMap(p);
    }

    private static LlamaConfig paperSize(int dim, int layers, int heads, int kvHeads, Double multiplier,
            int multipleOf) {
        return new LlamaConfig(dim, layers, heads, kvHeads, dim / heads, ffnHiddenSize(dim, multiplier, multipleOf),
                32000, 4096, 10000.0, 1e-5);
    }

    private static LlamaConfig cpuSize(int dim, int layers, int heads, int kvHeads, int multipleOf, int vocab,
            int context) {
        return new LlamaConfig(dim, layers, heads, kvHeads, dim / heads, ffnHiddenSize(dim, null, multipleOf),
                vocab, context, 10000.0, 1e-5);
    }

    /** This config with another vocabulary size (e.g. a trained tokenizer's); a pad id outside it is dropped. */
    public LlamaConfig withVocabSize(int newVocabSize) {
        Integer pad = padTokenId != null && padTokenId < newVocabSize ? padTokenId : null;
        return new LlamaConfig(hiddenSize, numLayers, numHeads, numKvHeads, headDim, intermediateSize, newVocabSize,
                maxPositions, ropeTheta, rmsNormEps, bosTokenId, eosTokenId, pad);
    }

    /** This config with another padding id ({@code null}: none). */
    public LlamaConfig withPadTokenId(Integer newPadTokenId) {
        return new LlamaConfig(hiddenSize, numLayers, numHeads, numKvHeads, headDim, intermediateSize, vocabSize,
                maxPositions, ropeTheta, rmsNormEps, bosTokenId, eosTokenId, newPadTokenId);
    }

    /**
     * Number of parameters, from the config alone: embedding {@code V·d}; per layer the attention projections
     * {@code d·H·hd + 2·d·KV·hd + H·hd·d}, the SwiGLU matrices {@code 3·d·F} and two RMSNorm gains {@code 2·d};
     * the final norm {@code d}; the head {@code V·d} (untied LM head) or {@code d} (scalar score head).
     * 7B: 6,738,415,616; 13B: 13,015,864,320; 70B: 68,976,648,192 (causal LM).
     */
    public long parameterCount(HeadKind head) {
        long d = hiddenSize;
        long qWidth = (long) numHeads * headDim;
        long kvWidth = (long) numKvHeads * headDim;
        long attention = d * qWidth + 2 * d * kvWidth + qWidth * d;
        long feedForward = 3 * d * intermediateSize;
        long perLayer = attention + feedForward + 2 * d;
        long embedding = (long) vocabSize * d;
        long headParams = head == HeadKind.CAUSAL_LM ? (long) vocabSize * d : d;
        return embedding + numLayers * perLayer + d + headParams;
    }

    /**
     * The tensors of a Hugging Face checkpoint of this model, in the order {@code transformers} lists them, with
     * their shapes in Hugging Face's {@code (out, in)} layout for linear weights:
     * <pre>
     * model.embed_tokens.weight                      (V, d)
     * model.layers.{i}.self_attn.q_proj.weight       (H·hd, d)
     * model.layers.{i}.self_attn.k_proj.weight       (KV·hd, d)
     * model.layers.{i}.self_attn.v_proj.weight       (KV·hd, d)
     * model.layers.{i}.self_attn.o_proj.weight       (d, H·hd)
     * model.layers.{i}.mlp.gate_proj.weight          (F, d)     W1
     * model.layers.{i}.mlp.up_proj.weight            (F, d)     W3
     * model.layers.{i}.mlp.down_proj.weight          (d, F)     W2
     * model.layers.{i}.input_layernorm.weight        (d)
     * model.layers.{i}.post_attention_layernorm.weight (d)
     * model.norm.weight                              (d)
     * lm_head.weight (V, d)  or  score.weight (1, d)
     * </pre>
     */
    public Map<String, long[]> expectedTensorShapes(HeadKind head) {
        long d = hiddenSize;
        long qWidth = (long) numHeads * headDim;
        long kvWidth = (long) numKvHeads * headDim;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("model.embed_tokens.weight", new long[] {vocabSize, d});
        for (int i = 0; i < numLayers; i++) {
            String layer = "model.layers." + i + ".";
            shapes.put(layer + "self_attn.q_proj.weight", new long[] {qWidth, d});
            shapes.put(layer + "self_attn.k_proj.weight", new long[] {kvWidth, d});
            shapes.put(layer + "self_attn.v_proj.weight", new long[] {kvWidth, d});
            shapes.put(layer + "self_attn.o_proj.weight", new long[] {d, qWidth});
            shapes.put(layer + "mlp.gate_proj.weight", new long[] {intermediateSize, d});
            shapes.put(layer + "mlp.up_proj.weight", new long[] {intermediateSize, d});
            shapes.put(layer + "mlp.down_proj.weight", new long[] {d, intermediateSize});
            shapes.put(layer + "input_layernorm.weight", new long[] {d});
            shapes.put(layer + "post_attention_layernorm.weight", new long[] {d});
        }
        shapes.put("model.norm.weight", new long[] {d});
        shapes.put(head.tensorName(), head == HeadKind.CAUSAL_LM ? new long[] {vocabSize, d} : new long[] {1, d});
        return Collections.unmodifiableMap(shapes);
    }

    /** The config's fields as {@code name: value} lines, for logs and {@code rlhf info}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("hidden_size: " + hiddenSize);
        lines.add("num_hidden_layers: " + numLayers);
        lines.add("num_attention_heads: " + numHeads);
        lines.add("num_key_value_heads: " + numKvHeads);
        lines.add("head_dim: " + headDim);
        lines.add("intermediate_size: " + intermediateSize);
        lines.add("vocab_size: " + vocabSize);
        lines.add("max_position_embeddings: " + maxPositions);
        lines.add("rope_theta: " + ropeTheta);
        lines.add("rms_norm_eps: " + rmsNormEps);
        lines.add("bos_token_id: " + bosTokenId);
        lines.add("eos_token_id: " + eosTokenId);
        lines.add("pad_token_id: " + (padTokenId == null ? "none" : padTokenId));
        return lines;
    }
}
