package org.rlhf4j.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;

/**
 * Reads and writes a Hugging Face Llama {@code config.json}.
 *
 * <p>Read: {@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads}, {@code intermediate_size},
 * {@code vocab_size}, {@code max_position_embeddings} and {@code rms_norm_eps} are required;
 * {@code num_key_value_heads} defaults to the head count, {@code head_dim} to hidden / heads, the rotary base is
 * read from a top-level {@code rope_theta} or transformers 5's {@code rope_parameters.rope_theta} and defaults to
 * 10000; {@code bos_token_id} / {@code eos_token_id} default to 1 / 2 and {@code pad_token_id} to none. Other keys
 * are ignored (Hugging Face configs carry many), but settings this Llama cannot honour are refused: biases, tied
 * embeddings, an activation other than SiLU, rotary scaling, a {@code model_type} other than llama.
 */
public final class HfConfigJson {

    /** The file name inside a checkpoint directory. */
    public static final String FILE_NAME = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfConfigJson() {}

    /** Reads {@code config.json} (a file, or a directory holding one). Errors name the file and the field. */
    public static LlamaConfig read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new HfFormatException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new HfFormatException(file + ": not a JSON object");
        }
        refuseUnsupported(file, root);
        int hidden = requiredInt(file, root, "hidden_size");
        int heads = requiredInt(file, root, "num_attention_heads");
        int kvHeads = optionalInt(file, root, "num_key_value_heads", heads);
        if (heads <= 0) {
            throw new HfFormatException(file + ": field 'num_attention_heads' must be positive, got " + heads);
        }
        if (hidden % heads != 0 && !root.hasNonNull("head_dim")) {
            throw new HfFormatException(file + ": hidden_size " + hidden
                    + " is not divisible by num_attention_heads " + heads + " and head_dim is not given");
        }
        int headDim = optionalInt(file, root, "head_dim", hidden / heads);
        double theta = 10000.0;
        if (root.hasNonNull("rope_theta")) {
            theta = number(file, root.get("rope_theta"), "rope_theta");
        } else if (root.path("rope_parameters").hasNonNull("rope_theta")) {
            theta = number(file, root.get("rope_parameters").get("rope_theta"), "rope_parameters.rope_theta");
        }
        JsonNode epsNode = root.get("rms_norm_eps");
        if (epsNode == null || epsNode.isNull()) {
            throw new HfFormatException(file + ": required field 'rms_norm_eps' is missing");
        }
        double eps = number(file, epsNode, "rms_norm_eps");
        Integer pad = root.hasNonNull("pad_token_id") ? requiredInt(file, root, "pad_token_id") : null;
        try {
            return new LlamaConfig(hidden, requiredInt(file, root, "num_hidden_layers"), heads, kvHeads, headDim,
                    requiredInt(file, root, "intermediate_size"), requiredInt(file, root, "vocab_size"),
                    requiredInt(file, root, "max_position_embeddings"), theta, eps,
                    optionalInt(file, root, "bos_token_id", LlamaConfig.DEFAULT_BOS_ID),
                    optionalInt(file, root, "eos_token_id", LlamaConfig.DEFAULT_EOS_ID), pad);
        } catch (IllegalArgumentException e) {
            throw new HfFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The head named by {@code architectures} in {@code config.json} (a file or a directory holding one), or
     * {@code null} when the field is absent or names no Llama class this project knows.
     */
    public static HeadKind readHeadKind(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        JsonNode architectures = JSON.readTree(file.toFile()).path("architectures");
        return architectures.isArray() && architectures.size() == 1
                ? HeadKind.ofArchitecture(architectures.get(0).asText())
                : null;
    }

    private static void refuseUnsupported(Path file, JsonNode root) throws HfFormatException {
        String modelType = root.path("model_type").asText("llama");
        if (!modelType.equals("llama")) {
            throw new HfFormatException(file + ": model_type '" + modelType + "' is not 'llama'");
        }
        for (String flag : new String[] {"attention_bias", "mlp_bias", "tie_word_embeddings"}) {
            if (root.path(flag).asBoolean(false)) {
                throw new HfFormatException(file + ": " + flag
                        + " = true is not supported (Llama 2 has no biases and an untied head)");
            }
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new HfFormatException(file + ": hidden_act '" + act + "' is not supported (SwiGLU uses silu)");
        }
        if (root.hasNonNull("rope_scaling")) {
            throw new HfFormatException(file + ": rope_scaling is not supported");
        }
        String ropeType = root.path("rope_parameters").path("rope_type").asText("default");
        if (!ropeType.equals("default")) {
            throw new HfFormatException(file + ": rope_parameters.rope_type '" + ropeType
                    + "' is not supported (only 'default')");
        }
    }

    private static int requiredInt(Path file, JsonNode root, String field) throws HfFormatException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new HfFormatException(file + ": required field '" + field + "' is missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new HfFormatException(file + ": field '" + field + "' must be an integer, got " + node);
        }
        return node.asInt();
    }

    private static int optionalInt(Path file, JsonNode root, String field, int fallback)
            throws HfFormatException {
        return root.hasNonNull(field) ? requiredInt(file, root, field) : fallback;
    }

    private static double number(Path file, JsonNode node, String field) throws HfFormatException {
        if (!node.isNumber()) {
            throw new HfFormatException(file + ": field '" + field + "' must be a number, got " + node);
        }
        return node.asDouble();
    }

    /**
     * Writes {@code config.json} for {@code config} with the head {@code head} ({@code LlamaForCausalLM} or
     * {@code LlamaForSequenceClassification} with one label): model_type llama, torch_dtype float32, untied
     * embeddings, no biases, SiLU, the top-level {@code rope_theta}, and {@code pad_token_id} when the config has
     * one. Keys are sorted as transformers writes them. The file is written atomically.
     */
    public static void write(Path file, LlamaConfig config, HeadKind head) throws IOException {
        AtomicFile.writeString(file, toJson(config, head));
    }

    /** The text {@link #write} writes. */
    public static String toJson(LlamaConfig config, HeadKind head) throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add(head.architecture());
        root.put("attention_bias", false);
        root.put("bos_token_id", config.bosTokenId());
        root.put("eos_token_id", config.eosTokenId());
        root.put("head_dim", config.headDim());
        root.put("hidden_act", "silu");
        root.put("hidden_size", config.hiddenSize());
        if (head == HeadKind.SEQUENCE_CLASSIFICATION) {
            root.putObject("id2label").put("0", "LABEL_0");
        }
        root.put("intermediate_size", config.intermediateSize());
        if (head == HeadKind.SEQUENCE_CLASSIFICATION) {
            root.putObject("label2id").put("LABEL_0", 0);
        }
        root.put("max_position_embeddings", config.maxPositions());
        root.put("mlp_bias", false);
        root.put("model_type", "llama");
        root.put("num_attention_heads", config.numHeads());
        root.put("num_hidden_layers", config.numLayers());
        root.put("num_key_value_heads", config.numKvHeads());
        if (head == HeadKind.SEQUENCE_CLASSIFICATION) {
            root.put("num_labels", 1);
        }
        if (config.padTokenId() != null) {
            root.put("pad_token_id", config.padTokenId().intValue());
        }
        root.put("rms_norm_eps", config.rmsNormEps());
        root.put("rope_theta", config.ropeTheta());
        root.put("tie_word_embeddings", false);
        root.put("torch_dtype", "float32");
        root.put("vocab_size", config.vocabSize());
        return JSON.writeValueAsString(root) + "\n";
    }
}
