package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.RunCheckpoint;
import org.rlhf4j.training.RunCheckpointState;

/**
 * Resumable PPO checkpoints under {@code <run>/checkpoints/iteration-00000010/}, built from the shared
 * {@link RunCheckpoint} pieces: {@code policy/step-…} and {@code value/step-…} each hold one model's weights and
 * AdamW moments ({@link RunCheckpoint#save}), and {@value #STATE_FILE} the loop's position ({@link PpoState}:
 * iteration, RNG, whitening statistics, early-stopping state). The whole directory is written under a hidden
 * temporary name and renamed when complete ({@link AtomicFile#moveDirectory}), so a run killed at any moment resumes
 * from the last complete iteration.
 */
public final class PpoCheckpoint {

    /** The loop state's file name. */
    public static final String STATE_FILE = "ppo_state.json";

    private static final Pattern NAME = Pattern.compile("iteration-(\\d{8})");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PpoCheckpoint() {}

    /** Writes the checkpoint after {@code state.iteration()} iterations and keeps the newest {@code keep}. */
    public static Path save(Path checkpointsDir, PpoState state, Map<String, NDArray> policy, AdamW policyOptimizer,
                            Map<String, NDArray> value, AdamW valueOptimizer, Manifest manifest, int keep)
            throws IOException {
        Files.createDirectories(checkpointsDir);
        Path target = checkpointsDir.resolve(String.format("iteration-%08d", state.iteration()));
        Path tmp = checkpointsDir.resolve("." + target.getFileName() + ".tmp-" + System.nanoTime());
        Files.createDirectories(tmp);
        RunCheckpoint.save(tmp.resolve("policy"), policy, policyOptimizer, loopState(state, policyOptimizer),
                manifest, 1);
        RunCheckpoint.save(tmp.resolve("value"), value, valueOptimizer, loopState(state, valueOptimizer), manifest,
                1);
        AtomicFile.writeString(tmp.resolve(STATE_FILE), JSON.writeValueAsString(state) + "\n");
        if (Files.exists(target)) {
            FileTrees.delete(target);
        }
        AtomicFile.moveDirectory(tmp, target);
        List<Path> all = list(checkpointsDir);
        for (int i = 0; i < all.size() - keep; i++) {
            FileTrees.delete(all.get(i));
        }
        try (Stream<Path> s = Files.list(checkpointsDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".iteration-")).toList()) {
                if (!p.equals(tmp)) {
                    FileTrees.delete(p); // left by a killed run
                }
            }
        }
        return target;
    }

    private static RunCheckpointState loopState(PpoState state, AdamW optimizer) {
        return new RunCheckpointState(state.iteration(), optimizer.stepCount(), 0, state.randomState(), 0.0,
                state.elapsedSeconds(), 0);
    }

    /** Complete checkpoints, oldest first. */
    public static List<Path> list(Path checkpointsDir) throws IOException {
        return RunCheckpoint.list(checkpointsDir, NAME, STATE_FILE);
    }

    /** The newest complete checkpoint, if any. */
    public static Optional<Path> latest(Path checkpointsDir) throws IOException {
        return RunCheckpoint.latest(checkpointsDir, NAME, STATE_FILE);
    }

    /** Restores both models' weights and optimisers from {@code dir}; returns the loop state. */
    public static PpoState load(Path dir, Map<String, NDArray> policy, AdamW policyOptimizer,
                                Map<String, NDArray> value, AdamW valueOptimizer, NDManager manager)
            throws IOException {
        PpoState state = JSON.readValue(dir.resolve(STATE_FILE).toFile(), PpoState.class);
        restore(dir.resolve("policy"), policy, policyOptimizer, manager);
        restore(dir.resolve("value"), value, valueOptimizer, manager);
        return state;
    }

    private static void restore(Path modelDir, Map<String, NDArray> parameters, AdamW optimizer, NDManager manager)
            throws IOException {
        Path step = RunCheckpoint.latest(modelDir).orElseThrow(() -> new IOException(modelDir
                + ": no complete checkpoint"));
        RunCheckpoint.loadWeights(step, parameters);
        RunCheckpoint.loadOptimizer(step, optimizer, RunCheckpoint.readState(step), manager);
    }

}
