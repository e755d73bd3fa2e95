package org.rlhf4j.artifacts;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class FileTreesTest {

    @Test
    public void deletesNestedTreesAndIgnoresMissingOnes() throws IOException {
        Path root = Files.createTempDirectory("trees");
        Path outside = Files.createTempFile("outside", ".txt");
        try {
            Files.createDirectories(root.resolve("a/b/c"));
            Files.writeString(root.resolve("a/b/c/file.txt"), "x");
            Files.writeString(root.resolve("a/top.txt"), "y");
            Files.createSymbolicLink(root.resolve("a/link"), outside);
            FileTrees.delete(root.resolve("a"));
            assertFalse(Files.exists(root.resolve("a")));
            assertTrue(Files.isDirectory(root), "the parent stays");
            assertTrue(Files.isRegularFile(outside), "a link's target is not deleted");
            FileTrees.delete(root.resolve("missing")); // no error
            FileTrees.delete(root);
            assertFalse(Files.exists(root));
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
