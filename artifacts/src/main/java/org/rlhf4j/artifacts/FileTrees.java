package org.rlhf4j.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole directory trees: deleting a stale temp tree, an old checkpoint, a run's output. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Deletes {@code root} and everything under it, deepest first; nothing happens when it does not exist. Links
     * are deleted, not followed.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(root)) {
            tree = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : tree) {
            Files.deleteIfExists(p);
        }
    }
}
