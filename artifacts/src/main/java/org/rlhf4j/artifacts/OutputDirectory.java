package org.rlhf4j.artifacts;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work starts, that an output directory can be written: it is a directory or does not exist
 * yet, and its nearest existing ancestor is a writable directory. A stage calls {@link #requireWritable} first, so a
 * run whose {@code --out} names a regular file fails in a second with one line, instead of after training.
 */
public final class OutputDirectory {

    private OutputDirectory() {}

    /**
     * Throws an {@link InputException} naming {@code dir} when it exists but is not a directory, or when it cannot be
     * created in (or written to) its nearest existing ancestor.
     */
    public static void requireWritable(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException(dir, "is a file; expected an output directory (created if missing)");
        }
        Path existing = dir.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing on the path exists, not even the root: let the file system say why
        }
        if (!Files.isDirectory(existing)) {
            throw new InputException(dir, "cannot be created: " + existing + " is a file");
        }
        if (!Files.isWritable(existing)) {
            throw new InputException(dir, existing.equals(dir.toAbsolutePath().normalize())
                    ? "is not writable (permission denied)" : "cannot be created: " + existing
                    + " is not writable (permission denied)");
        }
    }
}
