package org.rlhf4j.artifacts;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a half-written file:
 * the bytes go to a temporary file in the same directory, which is then renamed over the target.
 *
 * <p><b>Durability.</b> A rename alone is safe against a killed process, not against a power loss or a stopped VM:
 * the file system may persist the rename before the data, leaving a complete-looking file that is empty. So, as
 * databases do, the temporary file's data is forced to disk before the rename, and the directory entry is forced
 * after it ({@link #syncDirectory}). {@link #moveDirectory} does the same for a directory written in full under a
 * temporary name (run checkpoints, model directories).
 */
public final class AtomicFile {

    /** Writes the content of a file through an output stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** Writes {@code target} atomically; the parent directory is created if needed. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileOutputStream file = new FileOutputStream(tmp.toFile());
                 OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
                content.writeTo(out);
                out.flush();
                file.getFD().sync(); // data on disk before the name points at it
            }
            makeReadable(tmp);
            rename(tmp, absolute, true);
            syncDirectory(dir); // the new name on disk
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Moves a directory written in full under a temporary name to its final name, durably: every file below
     * {@code tmpDir} and every directory is forced to disk, then {@code tmpDir} is renamed to {@code target} (which
     * must not exist), then the parent directory is forced. Readers see either no {@code target} or a complete one.
     */
    public static void moveDirectory(Path tmpDir, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // rename(2) would silently replace an empty directory; a half-written one must never be merged into
            throw new FileAlreadyExistsException(target.toString());
        }
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(tmpDir)) {
            tree = walk.sorted(Comparator.reverseOrder()).toList(); // files before their directories
        }
        for (Path p : tree) {
            if (Files.isDirectory(p)) {
                syncDirectory(p);
            } else {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
        }
        rename(tmpDir, target, false);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Forces a directory's entries (names created, renamed or deleted in it) to disk. A no-op where the platform
     * cannot open a directory for syncing (Windows).
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (AccessDeniedException e) {
            // Windows: directories cannot be opened; NTFS journals the rename itself
        }
    }

    private static void rename(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            if (replace) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to);
            }
        }
    }

    /** Temporary files are created owner-only; the finished file gets the usual rw-r--r--. */
    private static void makeReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes a UTF-8 string to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }
}
