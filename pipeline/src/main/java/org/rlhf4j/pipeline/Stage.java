package org.rlhf4j.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of the recipe: an artifact directory made from a config, the artifacts of earlier stages and input
 * files. The {@link StageRunner} decides whether it must run (see {@link StageFingerprint}).
 *
 * @param name unique name in the run, also the directory's path below the run directory ({@code v2/rs})
 * @param dir the artifact directory the body writes
 * @param config the stage's resolved config (any Jackson-serialisable value; part of the fingerprint)
 * @param upstream names of earlier stages whose artifacts this one reads
 * @param inputFiles files from outside the run that this one reads (hashed into the fingerprint)
 * @param body the work
 */
public record Stage(String name, Path dir, Object config, List<String> upstream, List<Path> inputFiles, Body body) {

    public Stage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(body, "body");
        upstream = List.copyOf(upstream);
        inputFiles = List.copyOf(inputFiles);
    }

    /** The work of a stage. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the stage's artifacts into its directory.
         *
         * @param resume true when an earlier run of the same stage (same fingerprint) was stopped part-way: a
         *     training stage continues from its last checkpoint
         * @return the stage's key metrics, recorded in {@code stage.json} and the report
         */
        Map<String, Object> run(boolean resume) throws IOException;
    }
}
