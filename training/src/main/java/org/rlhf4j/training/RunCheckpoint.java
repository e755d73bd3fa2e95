package org.rlhf4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.model.FloatTensor;
import org.rlhf4j.model.hf.SafetensorsFile;
import org.rlhf4j.model.hf.SafetensorsWriter;
import org.rlhf4j.artifacts.Manifest;

/**
 * Checkpoints of a training run under {@code <run>/checkpoints/step-00000010/}: the weights
 * ({@value #MODEL_FILE}, float32 safetensors by parameter name), the AdamW moments ({@value #OPTIMIZER_FILE}, keys
 * {@code m/<name>} and {@code v/<name>}), the loop's position ({@value #STATE_FILE}: step, optimiser step, data
 * position, RNG state, learning rate, elapsed time) and a manifest.
 *
 * <p>Atomic: everything is written into a hidden temporary directory which is then renamed to its final name, so a
 * {@code step-…} directory is always complete; a run killed mid-write leaves only a temporary directory, removed at
 * the next save. Only the newest {@code keep} checkpoints are kept.
 */
public final class RunCheckpoint {

    /** Weights file name. */
    public static final String MODEL_FILE = "model.safetensors";
    /** Optimiser moments file name. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** Loop position file name. */
    public static final String STATE_FILE = "trainer_state.json";
    /** Manifest kind of a checkpoint directory. */
    public static final String KIND = "training-checkpoint";

    private static final Pattern NAME = Pattern.compile("step-(\\d{8})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunCheckpoint() {}

    /** The directory name of the checkpoint after {@code step} updates. */
    public static String directoryName(int step) {
        return String.format("step-%08d", step);
    }

    /**
     * Writes a checkpoint atomically and prunes old ones.
     *
     * @param checkpointsDir the run's checkpoints directory
     * @param parameters parameter arrays by name (float32)
     * @param optimizer the optimiser whose state is saved
     * @param state the loop's position
     * @param manifest manifest to write into the checkpoint (its files are hashed here)
     * @param keep how many newest checkpoints to keep
     * @return the checkpoint directory
     */
    public static Path save(Path checkpointsDir, Map<String, NDArray> parameters, AdamW optimizer,
                            RunCheckpointState state, Manifest manifest, int keep) throws IOException {
        Files.createDirectories(checkpointsDir);
        removeTemporaries(checkpointsDir);
        Path target = checkpointsDir.resolve(directoryName(state.step()));
        Path tmp = checkpointsDir.resolve("." + target.getFileName() + ".tmp-" + System.nanoTime());
        Files.createDirectories(tmp);
        SafetensorsWriter.write(tmp.resolve(MODEL_FILE), toTensors(parameters, ""));
        AdamW.State s = optimizer.state();
        Map<String, FloatTensor> moments = new TreeMap<>(toTensors(s.firstMoments(), "m/"));
        moments.putAll(toTensors(s.secondMoments(), "v/"));
        SafetensorsWriter.write(tmp.resolve(OPTIMIZER_FILE), moments);
        AtomicFile.writeString(tmp.resolve(STATE_FILE), JSON.writeValueAsString(state) + "\n");
        manifest.writeTo(tmp);
        if (Files.exists(target)) {
            FileTrees.delete(target); // a re-run reaching the same step replaces it
        }
        AtomicFile.moveDirectory(tmp, target); // fsync files and folders, rename, fsync the parent
        List<Path> all = list(checkpointsDir);
        for (int i = 0; i < all.size() - keep; i++) {
            FileTrees.delete(all.get(i));
        }
        return target;
    }

    /** Complete checkpoints in {@code checkpointsDir}, oldest first (empty when the directory does not exist). */
    public static List<Path> list(Path checkpointsDir) throws IOException {
        return list(checkpointsDir, NAME, STATE_FILE);
    }

    /** The newest complete checkpoint, if any. */
    public static Optional<Path> latest(Path checkpointsDir) throws IOException {
        return latest(checkpointsDir, NAME, STATE_FILE);
    }

    /**
     * Complete checkpoints of any loop, oldest first: the subdirectories whose name matches {@code name} (names that
     * sort in order, e.g. a zero-padded counter) and that hold {@code stateFile} — the file a save writes last, so a
     * directory without it is incomplete.
     */
    public static List<Path> list(Path checkpointsDir, Pattern name, String stateFile) throws IOException {
        if (!Files.isDirectory(checkpointsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(stateFile)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    /** The newest of {@link #list(Path, Pattern, String)}, if any. */
    public static Optional<Path> latest(Path checkpointsDir, Pattern name, String stateFile) throws IOException {
        List<Path> all = list(checkpointsDir, name, stateFile);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Reads a checkpoint's {@value #STATE_FILE}. */
    public static RunCheckpointState readState(Path checkpointDir) throws IOException {
        return JSON.readValue(checkpointDir.resolve(STATE_FILE).toFile(), RunCheckpointState.class);
    }

    /**
     * Copies the checkpoint's weights into {@code parameters} in place; every parameter must be present with the
     * same shape.
     */
    public static void loadWeights(Path checkpointDir, Map<String, NDArray> parameters) throws IOException {
        Path file = checkpointDir.resolve(MODEL_FILE);
        Map<String, FloatTensor> tensors = SafetensorsFile.open(file).readAll();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                FloatTensor t = tensors.get(e.getKey());
                NDArray target = e.getValue();
                if (t == null) {
                    throw new IOException(file + ": no tensor for parameter " + e.getKey());
                }
                if (!new Shape(t.shape()).equals(target.getShape())) {
                    throw new IOException(file + ": tensor " + e.getKey() + " has shape " + new Shape(t.shape())
                            + ", the parameter " + target.getShape());
                }
                try (NDArray loaded = target.getManager().create(t.data().duplicate(), target.getShape())) {
                    target.set(new NDIndex("..."), loaded);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Loads the checkpoint's optimiser moments into {@code optimizer} (its step from {@code state}). */
    public static void loadOptimizer(Path checkpointDir, AdamW optimizer, RunCheckpointState state, NDManager manager)
            throws IOException {
        Map<String, FloatTensor> tensors = SafetensorsFile.open(checkpointDir.resolve(OPTIMIZER_FILE)).readAll();
        Map<String, NDArray> first = new HashMap<>();
        Map<String, NDArray> second = new HashMap<>();
        try (NDManager staging = manager.newSubManager()) {
            for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
                NDArray a = staging.create(e.getValue().data().duplicate(), new Shape(e.getValue().shape()));
                if (e.getKey().startsWith("m/")) {
                    first.put(e.getKey().substring(2), a);
                } else if (e.getKey().startsWith("v/")) {
                    second.put(e.getKey().substring(2), a);
                } else {
                    throw new IOException(checkpointDir.resolve(OPTIMIZER_FILE) + ": unexpected tensor " + e.getKey());
                }
            }
            optimizer.loadState(new AdamW.State(state.optimizerStep(), first, second));
        }
    }

    private static Map<String, FloatTensor> toTensors(Map<String, NDArray> arrays, String prefix) {
        Map<String, FloatTensor> out = new TreeMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("checkpoint tensors must be float32; " + e.getKey() + " is "
                        + a.getDataType());
            }
            out.put(prefix + e.getKey(), FloatTensor.of(a.getShape().getShape(), a.toFloatArray()));
        }
        return out;
    }

    private static void removeTemporaries(Path checkpointsDir) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            s.filter(p -> p.getFileName().toString().startsWith(".step-")).forEach(stale::add);
        }
        for (Path p : stale) {
            FileTrees.delete(p);
        }
    }

    /** The step number encoded in a checkpoint directory name. */
    public static int stepOf(Path checkpointDir) {
        Matcher m = NAME.matcher(checkpointDir.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpointDir + " is not a checkpoint directory (step-NNNNNNNN)");
        }
        return Integer.parseInt(m.group(1));
    }
}
