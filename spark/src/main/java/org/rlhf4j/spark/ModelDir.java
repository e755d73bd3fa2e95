package org.rlhf4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.rejectionsampling.RejectionSampling;

/**
 * A model directory as a Spark job names it: the path every executor reads it at, and the SHA-256 of its weights
 * file as the driver read it (an executor refuses a copy that differs, see {@link ExecutorModels}).
 *
 * @param dir the model directory, absolute
 * @param weightsSha256 SHA-256 of its weights file ({@code model.safetensors} or the shard index)
 */
public record ModelDir(String dir, String weightsSha256) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ModelDir {
        if (dir == null || weightsSha256 == null) {
            throw new IllegalArgumentException("a model directory needs a path and its weights' SHA-256");
        }
    }

    /**
     * The driver's view of {@code dir}: its absolute path and its weights' SHA-256.
     *
     * @throws InputException naming the directory when the driver has no such directory or weights file
     */
    public static ModelDir of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, "no such model directory");
        }
        Path weights = RejectionSampling.weightsFile(dir);
        if (!Files.isReadable(weights)) {
            throw new InputException(weights, "cannot be read (no model weights in " + dir + ")");
        }
        return new ModelDir(dir.toAbsolutePath().normalize().toString(), Sha256.of(weights));
    }

    /** The directory as a path. */
    public Path path() {
        return Path.of(dir);
    }
}
