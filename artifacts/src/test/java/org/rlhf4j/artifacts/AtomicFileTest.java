package org.rlhf4j.artifacts;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** The durable directory move behind run checkpoints. */
public class AtomicFileTest {

    @Test
    public void moveDirectoryRenamesACompleteTreeAndLeavesNoTemporary() throws Exception {
        Path root = Files.createTempDirectory("move-dir");
        Path tmp = root.resolve(".step-00000003.tmp-1");
        AtomicFile.writeString(tmp.resolve("a.bin"), "weights");
        AtomicFile.writeString(tmp.resolve("nested/b.json"), "{}");
        Path target = root.resolve("step-00000003");

        AtomicFile.moveDirectory(tmp, target);

        assertFalse(Files.exists(tmp), "the temporary name is gone");
        assertEquals(Files.readString(target.resolve("a.bin")), "weights");
        assertEquals(Files.readString(target.resolve("nested/b.json")), "{}");
    }

    @Test
    public void moveDirectoryNeverMergesIntoAnExistingTarget() throws Exception {
        Path root = Files.createTempDirectory("move-dir-exists");
        Path tmp = root.resolve(".tmp");
        AtomicFile.writeString(tmp.resolve("new.bin"), "new");
        Path target = root.resolve("done");
        AtomicFile.writeString(target.resolve("old.bin"), "old");

        expectThrows(FileAlreadyExistsException.class, () -> AtomicFile.moveDirectory(tmp, target));
        assertEquals(Files.readString(target.resolve("old.bin")), "old");
        assertFalse(Files.exists(target.resolve("new.bin")), "nothing of the new tree leaks into the old one");
        assertTrue(Files.exists(tmp.resolve("new.bin")));
    }

    @Test
    public void syncDirectoryAcceptsAnyDirectory() throws Exception {
        Path dir = Files.createTempDirectory("sync-dir");
        AtomicFile.syncDirectory(dir); // must not throw on Linux, where directories can be fsynced
        expectThrows(java.io.IOException.class, () -> AtomicFile.syncDirectory(dir.resolve("missing")));
    }
}
