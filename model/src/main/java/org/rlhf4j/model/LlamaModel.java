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
 * <p>Parameters are named as in Hugging Face checkpoints ({@link #namedParameters()}), so loading and saving is a
 * name-for-name copy. The model owns its weights' memory; close it to free them.
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
        LlamaModel model = new LlamaModel(parent, config, headKind);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Map<String, long[]> shapes = config.expectedTensorShapes(headKind);
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            long[] shape = shapes.get(e.getKey());
            float[] values = new float[Math.toIntExact(new Shape(shape).size())];
            if (shape.length == 1) {
                java.util.Arrays.fill(values, 1f);
            } else {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (gaussian(random) * 0.02);
                }
            }
            model.setWeight(e.getKey(), e.getValue(), FloatTensor.of(shape, values));
        }
        return model;
    }

    /** A model holding a checkpoint's weights (the checkpoint has already checked every name and shape). */
    public static LlamaModel fromCheckpoint(NDManager parent, HfCheckpoint checkpoint) {
        LlamaModel model = new LlamaModel(parent, checkpoint.config(), checkpoint.headKind());
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            model.setWeight(e.getKey(), e.getValue(), checkpoint.tensors().get(e.getKey()));
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

    /** Every parameter under its Hugging Face tensor name, in checkpoint order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("model.embed_tokens.weight", embedding);
        for (int i = 0; i < layers.size(); i++) {
            DecoderLayer layer = layers.get(i);
            String p = "model.layers." + i + ".";
            named.put(p + "self_attn.q_proj.weight", layer.attention.query);
            named.put(p + "self_attn.k_proj.weight", layer.attention.key);
            named.put(p + "self_attn.v_proj.weight", layer.attention.value);
            named.put(p + "self_attn.o_proj.weight", layer.attention.output);
            named.put(p + "mlp.gate_proj.weight", layer.feedForward.gate);
            named.put(p + "mlp.up_proj.weight", layer.feedForward.up);
            named.put(p + "mlp.down_proj.weight", layer.feedForward.down);
            named.put(p + "input_layernorm.weight", layer.inputNorm);
            named.put(p + "post_attention_layernorm.weight", layer.postAttentionNorm);
        }
        named.put("model.norm.weight", finalNorm);
        named.put(headKind.tensorName(), head);
        return Collections.unmodifiableMap(named);
    }

    /**
     * The parameters under their Hugging Face names (rather than DJL's generated child-block prefixes), so that
     * optimiser state, training checkpoints and logs use the same names as the checkpoint files.
     */
    @Override
    public ParameterList getParameters() {
        return new ParameterList(namedParameters());
    }

    /** Copies every weight out to Java memory as a checkpoint (for saving). */
    public HfCheckpoint toCheckpoint() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), FloatTensor.of(a.getShape().getShape(), a.toFloatArray()));
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
