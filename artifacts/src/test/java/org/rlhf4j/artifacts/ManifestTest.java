package org.rlhf4j.artifacts;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

public class ManifestTest {

    @Test
    public void hashesEveryFileAndRoundTrips() throws Exception {
        Path dir = Files.createTempDirectory("manifest");
        AtomicFile.writeString(dir.resolve("a.txt"), "abc");
        AtomicFile.writeString(dir.resolve("sub/b.txt"), "");
        Manifest m = new Manifest("test", 1, "unit", Map.of("lr", 0.1), null, null, Manifest.baseVersions(),
                "cpu", 7L, Map.of("loss", 0.5)).writeTo(dir);
        // SHA-256("abc") and SHA-256("") are standard test vectors.
        assertEquals(m.files().get("a.txt"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertEquals(m.files().get("sub/b.txt"), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertFalse(m.files().containsKey(Manifest.FILE_NAME));
        Manifest back = Manifest.read(dir);
        assertEquals(back.files(), m.files());
        assertEquals(back.seed(), Long.valueOf(7));
        byte[] first = Files.readAllBytes(dir.resolve(Manifest.FILE_NAME));
        m.writeTo(dir);
        assertEquals(Files.readAllBytes(dir.resolve(Manifest.FILE_NAME)), first, "same content, same bytes");
    }

    @Test
    public void atomicWriteLeavesNoTemporaryFileOnFailure() throws Exception {
        Path dir = Files.createTempDirectory("atomic");
        Path target = dir.resolve("out.txt");
        AtomicFile.writeString(target, "old");
        java.io.IOException thrown = org.testng.Assert.expectThrows(java.io.IOException.class,
                () -> AtomicFile.write(target, out -> {
                    out.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw new java.io.IOException("crash");
                }));
        assertEquals(thrown.getMessage(), "crash", "the writer's own exception reaches the caller");
        assertEquals(Files.readString(target), "old");
        try (var files = Files.list(dir)) {
            assertEquals(files.count(), 1L);
        }
        assertTrue(Files.exists(target));
        assertEquals(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "rw-r--r--");
    }
}
