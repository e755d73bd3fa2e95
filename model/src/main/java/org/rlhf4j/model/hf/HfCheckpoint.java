package org.rlhf4j.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.model.FloatTensor;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Llama checkpoint in the Hugging Face layout: a directory with {@code config.json} and either
 * {@code model.safetensors} or {@code model.safetensors.index.json} plus its shards. The tensors carry Hugging Face
 * names and shapes ({@link LlamaConfig#expectedTensorShapes(HeadKind)}), in that order; the record refuses any
 * other set of tensors.
 *
 * @param config the model shape
 * @param headKind causal LM ({@code lm_head.weight}) or reward model ({@code score.weight})
 * @param tensors every weight, by Hugging Face name, float32
 */
public record HfCheckpoint(LlamaConfig config, HeadKind headKind, Map<String, FloatTensor> tensors) {

    /** The single-file weights name. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** Shards larger than this are split when writing with {@link #write(Path)}: 5 GB, transformers' default. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(HfCheckpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public HfCheckpoint {
        if (config == null || headKind == null || tensors == null) {
            throw new IllegalArgumentException("config, headKind and tensors must be set");
        }
        List<String> problems = shapeProblems(config, headKind, tensors, Map.of());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("tensors do not match the " + headKind.architecture() + " config:\n  "
                    + String.join("\n  ", problems));
        }
        Map<String, FloatTensor> ordered = new LinkedHashMap<>();
        for (String name : config.expectedTensorShapes(headKind).keySet()) {
            ordered.put(name, tensors.get(name));
        }
        tensors = Collections.unmodifiableMap(ordered);
    }

    /**
     * Every difference between {@code tensors} and the tensors {@code config} expects: missing tensors, shapes that
     * differ (expected vs actual) and unexpected names, each with the file it came from when {@code sources} knows.
     */
    public static List<String> shapeProblems(LlamaConfig config, HeadKind head, Map<String, FloatTensor> tensors,
            Map<String, Path> sources) {
        Map<String, long[]> expected = config.expectedTensorShapes(head);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            FloatTensor actual = tensors.get(e.getKey());
            if (actual == null) {
                problems.add("missing " + e.getKey() + " (expected shape " + Arrays.toString(e.getValue()) + ")");
            } else if (!Arrays.equals(actual.shape(), e.getValue())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(actual.shape()) + ", expected "
                        + Arrays.toString(e.getValue()) + from(sources, e.getKey()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("unexpected tensor " + name + from(sources, name));
            }
        }
        return problems;
    }

    private static String from(Map<String, Path> sources, String name) {
        Path file = sources.get(name);
        return file == null ? "" : " (in " + file + ")";
    }

    /** Reads a checkpoint directory; the head kind is taken from the tensors. */
    public static HfCheckpoint read(Path dir) throws IOException {
        return read(dir, null);
    }

    /**
     * Reads a checkpoint directory. F16/BF16 weights are converted to float32; {@code *.rotary_emb.inv_freq}
     * buffers are skipped. The error for a mismatched checkpoint lists every missing, misshaped or unexpected
     * tensor.
     *
     * @param head the required head kind, or {@code null} to detect it ({@code lm_head.weight} vs
     *     {@code score.weight})
     */
    public static HfCheckpoint read(Path dir, HeadKind head) throws IOException {
        Path configFile = dir.resolve(HfConfigJson.FILE_NAME);
        String expected = "expected a model directory (" + HfConfigJson.FILE_NAME + " + " + SINGLE_FILE + ")";
        if (!Files.exists(dir)) {
            throw new HfFormatException(dir + ": no such directory; " + expected);
        }
        if (!Files.isDirectory(dir)) {
            throw new HfFormatException(dir + ": is a file; " + expected);
        }
        if (!Files.isRegularFile(configFile)) {
            throw new HfFormatException(dir + ": no " + HfConfigJson.FILE_NAME + " in this directory; " + expected);
        }
        LlamaConfig config = HfConfigJson.read(configFile);
        Map<String, Path> sources = new LinkedHashMap<>();
        Map<String, FloatTensor> tensors = readTensors(dir, sources);
        HeadKind detected = detectHead(dir, tensors.keySet());
        if (head != null && head != detected) {
            throw new HfFormatException(dir + ": holds " + detected.describe() + "; expected "
                    + head.describe());
        }
        HeadKind declared = HfConfigJson.readHeadKind(configFile);
        if (declared != null && declared != detected) {
            LOG.warn("{} declares {} but its tensors hold {}; using the tensors", configFile,
                    declared.architecture(), detected.tensorName());
        }
        List<String> problems = shapeProblems(config, detected, tensors, sources);
        if (!problems.isEmpty()) {
            throw new HfFormatException("checkpoint " + dir + " does not match its " + HfConfigJson.FILE_NAME
                    + " (" + detected.architecture() + "):\n  " + String.join("\n  ", problems));
        }
        LOG.info("read {} tensors ({} parameters) from {}", tensors.size(), config.parameterCount(detected), dir);
        return new HfCheckpoint(config, detected, tensors);
    }

    private static HeadKind detectHead(Path dir, Set<String> names) throws HfFormatException {
        boolean lm = names.contains(HeadKind.CAUSAL_LM.tensorName());
        boolean score = names.contains(HeadKind.SEQUENCE_CLASSIFICATION.tensorName());
        if (lm == score) {
            throw new HfFormatException("checkpoint " + dir + " holds " + (lm ? "both" : "neither") + " of "
                    + HeadKind.CAUSAL_LM.tensorName() + " and " + HeadKind.SEQUENCE_CLASSIFICATION.tensorName()
                    + "; cannot tell a causal LM from a reward model");
        }
        return lm ? HeadKind.CAUSAL_LM : HeadKind.SEQUENCE_CLASSIFICATION;
    }

    private static Map<String, FloatTensor> readTensors(Path dir, Map<String, Path> sources) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        Path single = dir.resolve(SINGLE_FILE);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        if (Files.isRegularFile(index)) {
            for (Map.Entry<String, List<String>> shard : readWeightMap(index).entrySet()) {
                SafetensorsFile file = SafetensorsFile.open(dir.resolve(shard.getKey()));
                for (String name : shard.getValue()) {
                    if (!file.entries().containsKey(name)) {
                        throw new HfFormatException(index + " places " + name + " in " + shard.getKey()
                                + ", which does not hold it");
                    }
                }
                addTensors(file, tensors, sources);
            }
        } else if (Files.isRegularFile(single)) {
            addTensors(SafetensorsFile.open(single), tensors, sources);
        } else {
            throw new HfFormatException("no " + SINGLE_FILE + " or " + INDEX_FILE + " in checkpoint directory "
                    + dir);
        }
        return tensors;
    }

    private static void addTensors(SafetensorsFile file, Map<String, FloatTensor> tensors, Map<String, Path> sources)
            throws IOException {
        for (String name : file.names()) {
            if (name.endsWith("rotary_emb.inv_freq")) {
                continue; // a buffer recomputed from the config, not a weight
            }
            if (sources.containsKey(name)) {
                throw new HfFormatException("tensor " + name + " appears in both " + sources.get(name)
                        + " and " + file.path());
            }
            tensors.put(name, file.read(name));
            sources.put(name, file.path());
        }
    }

    /** Shard file name to the tensors the index places in it, shards in name order. */
    private static Map<String, List<String>> readWeightMap(Path index) throws IOException {
        JsonNode weightMap;
        try {
            weightMap = JSON.readTree(index.toFile()).path("weight_map");
        } catch (JsonProcessingException e) {
            throw new HfFormatException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new HfFormatException(index + ": field 'weight_map' is missing or empty");
        }
        Map<String, List<String>> shards = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            String shard = e.getValue().asText("");
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")) {
                throw new HfFormatException(index + ": weight_map." + e.getKey()
                        + " must name a file in the same directory, got " + e.getValue());
            }
            shards.computeIfAbsent(shard, s -> new ArrayList<>()).add(e.getKey());
        }
        return shards;
    }

    /** Writes {@code config.json} and the weights, sharded above {@link #DEFAULT_MAX_SHARD_BYTES}. */
    public void write(Path dir) throws IOException {
        write(dir, DEFAULT_MAX_SHARD_BYTES);
    }

    /**
     * Writes {@code config.json} and the weights as float32: one {@code model.safetensors} when they fit in
     * {@code maxShardBytes}, else {@code model-0000i-of-0000n.safetensors} shards (filled in tensor order; a tensor
     * larger than the limit gets a shard of its own) and {@code model.safetensors.index.json} with
     * {@code metadata.total_size} and {@code weight_map}. A stale single file or index of the other layout is
     * removed so the directory holds one checkpoint.
     */
    public void write(Path dir, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
        Files.createDirectories(dir);
        List<Map<String, FloatTensor>> shards = new ArrayList<>();
        Map<String, FloatTensor> current = new LinkedHashMap<>();
        long currentBytes = 0;
        long totalBytes = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            long bytes = SafetensorsWriter.dataBytes(e.getValue());
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            currentBytes += bytes;
            totalBytes += bytes;
        }
        shards.add(current);
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve(SINGLE_FILE), current);
            Files.deleteIfExists(dir.resolve(INDEX_FILE));
        } else {
            Map<String, String> weightMap = new TreeMap<>();
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                SafetensorsWriter.write(dir.resolve(name), shards.get(i));
                shards.get(i).keySet().forEach(t -> weightMap.put(t, name));
            }
            ObjectNode index = JSON.createObjectNode();
            index.putObject("metadata").put("total_size", totalBytes);
            ObjectNode map = index.putObject("weight_map");
            weightMap.forEach(map::put);
            AtomicFile.writeString(dir.resolve(INDEX_FILE), JSON.writeValueAsString(index) + "\n");
            Files.deleteIfExists(dir.resolve(SINGLE_FILE));
        }
        HfConfigJson.write(dir.resolve(HfConfigJson.FILE_NAME), config, headKind);
        LOG.info("wrote {} ({} tensors, {} bytes, {} file(s))", dir, tensors.size(), totalBytes, shards.size());
    }
}
