package org.rlhf4j.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one test class, deleted with everything in it. */
final class TempDir implements AutoCloseable {

    final Path path;

    TempDir(String prefix) throws IOException {
        path = Files.createTempDirectory(prefix);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
