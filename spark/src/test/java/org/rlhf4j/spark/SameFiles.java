package org.rlhf4j.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.rlhf4j.rejectionsampling.RejectionSampling;

/** Byte-for-byte comparison of two rejection-sampling output directories (pool, shards, sweep samples and CSV). */
final class SameFiles {

    private SameFiles() {}

    /** The files the sampling step writes, relative to its directory, sorted (the sweep's PNG left out). */
    static List<String> outputs(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.endsWith(".png") && !n.contains(".tmp"))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        List<String> names = outputs(expected);
        assertTrue(names.contains(RejectionSampling.POOL), names.toString());
        assertEquals(outputs(actual), names, "the same files");
        for (String n : names) {
            assertTrue(Arrays.equals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n))),
                    n + " differs between " + expected + " and " + actual);
        }
    }
}
