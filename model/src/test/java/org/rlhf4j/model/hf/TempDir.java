package org.rlhf4j.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.artifacts.FileTrees;

/** A temporary directory for one test class, deleted with everything in it. */
final class TempDir implements AutoCloseable {

    final Path path;

    TempDir(String prefix) throws IOException {
        path = Files.createTempDirectory(prefix);
    }

    @Override
    public void close() throws IOException {
        FileTrees.delete(path);
    }
}
