package org.rlhf4j.model;

import org.rlhf4j.model.sampling.KvCache;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.rlhf4j.model.hf.HfCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Llama 2 decoder (METHOD.md §1): token embedding → N × {@link DecoderLayer} → final RMSNorm → a head. The
 * head is either untied next-token logits ({@link HeadKind#CAUSAL_LM}, {@code lm_head}) or one scalar read at the
 * last real token of each row ({@link HeadKind#SEQUENCE_CLASSIFICATION}, {@code score}) for reward and value models.
 *
 * <p>Parameters are named as in Hugging Face checkpoints ({@link #namedParameters()}), except that each layer's
 * q/k/v projections and its gate/up projections are held fused (one matrix product each per step): loading
 * concatenates them and saving splits them again ({@link #fusedTensors()}), so files carry Hugging Face's names and
 * shapes only. The model owns its weights' memory; close it to free them.
 */
public final class LlamaModel extends LlamaBlock implements AutoCloseable {

    private final LlamaConfig config;
    private final HeadKind headKind;
    private final NDManager manager;
    private final Parameter embedding;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final Parameter finalNorm;
    private final Parameter head;
    private final RotaryEmbedding rope;
    private final NDArray attentionScale;
    private final NDArray normEpsilon;

    private LlamaModel(NDManager parent, LlamaConfig config, HeadKind headKind) {
        this.config = config;
        this.headKind = headKind;
        this.manager = parent.newSubManager();
        embedding = weight("embed_tokens");
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(config)));
        }
        finalNorm = weight("norm");
        head = weight(headKind == HeadKind.CAUSAL_LM ? "lm_head" : "score");
        rope = new RotaryEmbedding(manager, config.headDim(), config.maxPositions(), config.ropeTheta());
        attentionScale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
        normEpsilon = manager.create((float) config.rmsNormEps());
    }

    /**
     * A model with Llama's usual initialisation: weights ~ N(0, 0.02²) from a seeded Java generator (so the same
     * seed gives the same model on any engine), norm gains 1.
     */
    public static LlamaModel initialized(NDManager parent, LlamaConfig config, HeadKind headKind, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Map<String, FloatTensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : config.expectedTensorShapes(headKind).entrySet()) {
            long[] shape = e.getValue();
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            if (shape.length == 1) {
                java.util.Arrays.fill(values, 1f);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (gaussian(random) * 0.02);
                }
            }
            weights.put(e.getKey(), FloatTensor.of(shape, values));
        }
        return fromWeights(parent, config, headKind, weights);
    }

    /** A model holding a checkpoint's weights (the checkpoint has already checked every name and shape). */
    public static LlamaModel fromCheckpoint(NDManager parent, HfCheckpoint checkpoint) {
        LlamaModel model = new LlamaModel(parent, checkpoint.config(), checkpoint.headKind());
        Map<String, List<String>> parts = model.fusedTensors();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            List<String> names = parts.get(e.getKey());
            List<FloatTensor> tensors = new ArrayList<>();
            for (String name : names) {
                tensors.add(checkpoint.tensors().get(name));
            }
            model.setWeight(e.getKey(), e.getValue(), concatRows(tensors));
        }
        return model;
    }

    /**
     * A model holding the given weights, keyed by Hugging Face tensor names; the error names each missing,
     * misshaped or unexpected tensor.
     */
    public static LlamaModel fromWeights(
            NDManager parent, LlamaConfig config, HeadKind headKind, Map<String, FloatTensor> weights) {
        return fromCheckpoint(parent, new HfCheckpoint(config, headKind, weights));
    }

    /** Loads a Hugging Face checkpoint directory ({@code config.json} + safetensors, single or sharded). */
    public static LlamaModel load(NDManager parent, Path dir) throws IOException {
        return fromCheckpoint(parent, HfCheckpoint.read(dir));
    }

    /**
     * Loads a Hugging Face checkpoint directory that must hold {@code head} (a language model where one is expected,
     * not a reward model); the error for the other head names the directory and both kinds.
     */
    public static LlamaModel load(NDManager parent, Path dir, HeadKind head) throws IOException {
        return fromCheckpoint(parent, HfCheckpoint.read(dir, head));
    }

    /** Saves the weights and {@code config.json} in the Hugging Face layout (single file below 5 GB). */
    public void save(Path dir) throws IOException {
        toCheckpoint().write(dir);
    }

    private void setWeight(String name, Parameter parameter, FloatTensor values) {
        NDArray array = manager.create(values.data().duplicate(), new Shape(values.shape()));
        array.setName(name);
        parameter.setArray(array);
    }

    public LlamaConfig config() {
        return config;
    }

    public HeadKind headKind() {
        return headKind;
    }

    /** The manager that owns the weights. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Every parameter under its name, in checkpoint order: Hugging Face's tensor names, except that each layer's
     * query/key/value projections are one fused parameter {@code model.layers.{i}.self_attn.qkv_proj.weight} and its
     * gate/up projections one {@code model.layers.{i}.mlp.gate_up_proj.weight} (see {@link #fusedTensors()}).
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("model.embed_tokens.weight", embedding);
        for (int i = 0; i < layers.size(); i++) {
            DecoderLayer layer = layers.get(i);
            String p = "model.layers." + i + ".";
            named.put(p + "self_attn.qkv_proj.weight", layer.attention.queryKeyValue);
            named.put(p + "self_attn.o_proj.weight", layer.attention.output);
            named.put(p + "mlp.gate_up_proj.weight", layer.feedForward.gateUp);
            named.put(p + "mlp.down_proj.weight", layer.feedForward.down);
            named.put(p + "input_layernorm.weight", layer.inputNorm);
            named.put(p + "post_attention_layernorm.weight", layer.postAttentionNorm);
        }
        named.put("model.norm.weight", finalNorm);
        named.put(headKind.tensorName(), head);
        return Collections.unmodifiableMap(named);
    }

    /**
     * For every parameter of {@link #namedParameters()}, the Hugging Face tensors it holds, stacked along the first
     * (output) axis in this order: {@code qkv_proj = [q_proj; k_proj; v_proj]}, {@code gate_up_proj = [gate_proj;
     * up_proj]}, and every other parameter is its own single tensor.
     */
    public Map<String, List<String>> fusedTensors() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (String name : namedParameters().keySet()) {
            if (name.endsWith("self_attn.qkv_proj.weight")) {
                String p = name.substring(0, name.length() - "qkv_proj.weight".length());
                parts.put(name, List.of(p + "q_proj.weight", p + "k_proj.weight", p + "v_proj.weight"));
            } else if (name.endsWith("mlp.gate_up_proj.weight")) {
                String p = name.substring(0, name.length() - "gate_up_proj.weight".length());
                parts.put(name, List.of(p + "gate_proj.weight", p + "up_proj.weight"));
            } else {
                parts.put(name, List.of(name));
            }
        }
        return Collections.unmodifiableMap(parts);
    }

    /**
     * The parameters under the names of {@link #namedParameters()} (rather than DJL's generated child-block
     * prefixes), so that optimiser state, training checkpoints and logs use stable, checkpoint-like names.
     */
    @Override
    public ParameterList getParameters() {
        return new ParameterList(namedParameters());
    }

    /** Copies every weight out to Java memory as a checkpoint (for saving). */
    public HfCheckpoint toCheckpoint() {
        Map<String, long[]> shapes = config.expectedTensorShapes(headKind);
        Map<String, List<String>> parts = fusedTensors();
        Map<String, FloatTensor> split = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            float[] values = e.getValue().getArray().toFloatArray();
            int offset = 0;
            for (String name : parts.get(e.getKey())) {
                long[] shape = shapes.get(name);
                int n = Math.toIntExact(new Shape(shape).size());
                split.put(name, FloatTensor.of(shape, java.util.Arrays.copyOfRange(values, offset, offset + n)));
                offset += n;
            }
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>(); // checkpoint order
        for (String name : shapes.keySet()) {
            out.put(name, split.get(name));
        }
        return new HfCheckpoint(config, headKind, out);
    }

    /**
     * The trunk: embeddings through every layer and the final norm.
     *
     * @param tokenIds (B, T) int64
     * @param positions (B, T) int64 per-row positions, or null for positions {@code cacheLength .. cacheLength+T-1}
     * @param bias additive attention bias (see {@link AttentionMask}), or null for none
     * @param cache KV cache to read and extend, or null for a full pass
     * @return final hidden states (B, T, d)
     */
    public NDArray hiddenStates(NDArray tokenIds, NDArray positions, NDArray bias, KvCache cache) {
        int t = Math.toIntExact(tokenIds.getShape().get(1));
        NDArray[] angles = positions == null
                ? rope.contiguous(cache == null ? 0 : Math.toIntExact(cache.length()), t)
                : rope.gather(positions);
        NDArray x = Ops.embedding(tokenIds, embedding.getArray()); // (B, T, d)
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, rope, angles, bias, attentionScale, normEpsilon, cache, i);
        }
        return RmsNorm.apply(x, finalNorm.getArray(), normEpsilon);
    }

    /**
     * Attention probabilities of every layer for one unpadded row (read-only, outside the normal forward: each
     * layer's probabilities are recomputed from that layer's input, see {@link AttentionProbe}).
     *
     * @param tokenIds (1, T) int64
     * @return per layer, (1, H, T, T) probabilities on {@code tokenIds}' manager
     */
    List<NDArray> attentionProbabilities(NDArray tokenIds) {
        int t = Math.toIntExact(tokenIds.getShape().get(1));
        NDArray[] angles = rope.contiguous(0, t);
        NDArray bias = AttentionMask.causal(tokenIds.getManager(), t);
        NDArray x = Ops.embedding(tokenIds, embedding.getArray());
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            DecoderLayer layer = layers.get(i);
            out.add(layer.attention.probabilities(RmsNorm.apply(x, layer.inputNorm.getArray(), normEpsilon), rope,
                    angles, bias, attentionScale));
            x = layer.forward(x, rope, angles, bias, attentionScale, normEpsilon, null, i);
        }
        return out;
    }

    /** Next-token logits from hidden states: (..., d) → (..., V). Causal-LM head only. */
    public NDArray logits(NDArray hidden) {
        requireHead(HeadKind.CAUSAL_LM);
        return Ops.linear(hidden, head.getArray());
    }

    /**
     * The scalar head read at the last real token of each row: hidden (B, T, d), {@code lengths[b]} real tokens in
     * row b (right padding) → (B).
     */
    public NDArray scores(NDArray hidden, int[] lengths) {
        requireHead(HeadKind.SEQUENCE_CLASSIFICATION);
        long b = hidden.getShape().get(0);
        long d = hidden.getShape().get(2);
        long[] last = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1 || lengths[i] > hidden.getShape().get(1)) {
                throw new IllegalArgumentException("row " + i + " length " + lengths[i] + " out of range");
            }
            last[i] = lengths[i] - 1;
        }
        NDArray index = hidden.getManager().create(last).reshape(b, 1, 1).broadcast(new Shape(b, 1, d));
        NDArray atLast = hidden.gather(index, 1).reshape(b, d); // (B, d)
        return Ops.linear(atLast, head.getArray()).reshape(b);
    }

    /** Full causal forward of unpadded rows: (B, T) ids → logits (B, T, V) or scores at the last token (B). */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.head();
        int t = Math.toIntExact(ids.getShape().get(1));
        NDArray bias = AttentionMask.causal(ids.getManager(), t);
        NDArray hidden = hiddenStates(ids, null, bias, null);
        if (headKind == HeadKind.CAUSAL_LM) {
            return new NDList(logits(hidden));
        }
        int[] lengths = new int[Math.toIntExact(ids.getShape().get(0))];
        java.util.Arrays.fill(lengths, t);
        return new NDList(scores(hidden, lengths));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {headKind == HeadKind.CAUSAL_LM
                ? new Shape(in.get(0), in.get(1), config.vocabSize())
                : new Shape(in.get(0))};
    }

    @Override
    public void initialize(NDManager ignored, DataType dataType, Shape... inputShapes) {
        // Weights are set at construction (initialized / fromWeights); nothing is inferred from input shapes.
    }

    private void requireHead(HeadKind kind) {
        if (headKind != kind) {
            throw new IllegalStateException("this model has a " + headKind + " head, not " + kind);
        }
    }

    /** Stacks tensors of equal trailing shape along the first axis (a single tensor is returned as it is). */
    private static FloatTensor concatRows(List<FloatTensor> tensors) {
        if (tensors.size() == 1) {
            return tensors.get(0);
        }
        long[] shape = tensors.get(0).shape().clone();
        long rows = 0;
        long total = 0;
        for (FloatTensor t : tensors) {
            rows += t.shape()[0];
            total += t.size();
        }
        shape[0] = rows;
        java.nio.FloatBuffer all = java.nio.FloatBuffer.allocate(Math.toIntExact(total));
        for (FloatTensor t : tensors) {
            all.put(t.data().duplicate());
        }
        all.flip();
        return new FloatTensor(shape, all);
    }

    private static double gaussian(java.util.SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public void close() {
        rope.close();
        manager.close();
    }
}
