package org.rlhf4j.data.io;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.Violation;

/**
 * Writes records as JSON Lines (one compact UTF-8 JSON object per line, {@code \n} after each) through
 * {@link AtomicFile}: the records stream into a temporary file beside the target, which is renamed over it at the
 * end, so a reader never sees a half-written file and a failed write leaves the old file (or none) and no temporary
 * file. Every record is validated first; an invalid one aborts the write with an {@link IllegalArgumentException}
 * naming its position, id and field.
 */
public final class JsonlWriter {

    private static final ObjectWriter WRITER = JsonlReader.JSON.writer();

    private JsonlWriter() {}

    /** Writes {@code records} to {@code target} atomically; returns how many were written. */
    public static <T> long write(Path target, RecordKind<T> kind, Iterable<? extends T> records) throws IOException {
        return write(target, kind, records.iterator());
    }

    /** Writes the stream's records to {@code target} atomically; returns how many were written. */
    public static <T> long write(Path target, RecordKind<T> kind, Stream<? extends T> records) throws IOException {
        return write(target, kind, records.iterator());
    }

    /** Writes the iterator's records to {@code target} atomically; returns how many were written. */
    public static <T> long write(Path target, RecordKind<T> kind, Iterator<? extends T> records) throws IOException {
        long[] count = {0};
        AtomicFile.write(target, out -> {
            while (records.hasNext()) {
                writeLine(out, kind, records.next(), count[0]);
                count[0]++;
            }
        });
        return count[0];
    }

    /**
     * Validates {@code record} and writes it as one line to {@code out}; for callers streaming into several files
     * at once inside nested {@link AtomicFile#write} calls.
     *
     * @param index position of the record in its file (0-based), for the error message
     */
    public static <T> void writeLine(OutputStream out, RecordKind<T> kind, T record, long index) throws IOException {
        if (record == null) {
            throw new IllegalArgumentException(kind + " record " + index + ": null record");
        }
        List<Violation> violations = kind.validator().validate(record);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(kind + " record " + index + " (id " + kind.idOf(record) + "): "
                    + violations.get(0));
        }
        out.write(WRITER.writeValueAsBytes(record));
        out.write('\n');
    }

    /** One record as its JSON line, without the newline (for logs and tests). */
    public static <T> String toJson(RecordKind<T> kind, T record) throws IOException {
        return new String(WRITER.writeValueAsBytes(record), StandardCharsets.UTF_8);
    }
}
