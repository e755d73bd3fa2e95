package org.rlhf4j.data.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.format.Violation;

/**
 * Streams the records of a JSON Lines file, one line at a time (the file may be larger than memory). Each line is
 * parsed strictly (no duplicate keys, nothing after the object), bound with {@link RecordKind}'s strict binding
 * (unknown keys and missing fields are errors) and checked by the kind's {@link
 * org.rlhf4j.data.format.RecordValidator}. A bad line is handled by the {@link ErrorPolicy}; every error reads
 * {@code file:line: field: problem}. Blank lines are skipped and counted, never errors (so a trailing empty line or
 * a hand-edited file with spacing still reads). Each line is decoded as strict UTF-8 on its own: invalid bytes make
 * that line bad (field {@code json}). A UTF-8 byte-order mark on the first line is ignored; {@code \r\n} is accepted.
 *
 * <p>Usage: {@code try (var r = JsonlReader.open(path, RecordKind.DIALOGS, ErrorPolicy.FAIL_FAST)) { r.forEachRemaining(...); }}
 *
 * @param <T> the record type
 */
public final class JsonlReader<T> implements Iterator<T>, AutoCloseable {

    /** How many errors {@link #errors()} keeps under {@link ErrorPolicy#SKIP_AND_COUNT}; the counts stay exact. */
    public static final int MAX_KEPT_ERRORS = 1000;

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Jackson's "[Source: REDACTED ...; line: 1, column: 23]" inside messages, shortened to "column 23". */
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^;]*; line: \\d+, column: (\\d+)]");

    /** Marks a line that is not valid UTF-8 (compared by identity). */
    private static final String NOT_UTF8 = new String("\u0000not utf-8");

    private final String file;
    private final Utf8Lines in;
    private final RecordKind<T> kind;
    private final ErrorPolicy policy;
    private final Consumer<FormatError> listener;
    private final List<FormatError> errors = new ArrayList<>();
    private long lineNumber;
    private long goodLines;
    private long badLines;
    private long blankLines;
    private long errorCount;
    private T next;
    private boolean done;

    private JsonlReader(Path path, RecordKind<T> kind, ErrorPolicy policy, Consumer<FormatError> listener)
            throws IOException {
        this.file = path.toString();
        if (Files.isDirectory(path)) {
            throw new InputException(path, "is a directory; expected " + kind.description());
        }
        if (!Files.exists(path)) {
            throw new InputException(path, "no such file; expected " + kind.description());
        }
        this.in = new Utf8Lines(Files.newInputStream(path));
        this.kind = kind;
        this.policy = policy;
        this.listener = listener;
    }

    /** Opens {@code path} for reading records of {@code kind}. */
    public static <T> JsonlReader<T> open(Path path, RecordKind<T> kind, ErrorPolicy policy) throws IOException {
        return new JsonlReader<>(path, kind, policy, error -> {});
    }

    /** As {@link #open(Path, RecordKind, ErrorPolicy)}, also passing every error to {@code listener} as found. */
    public static <T> JsonlReader<T> open(Path path, RecordKind<T> kind, ErrorPolicy policy,
            Consumer<FormatError> listener) throws IOException {
        return new JsonlReader<>(path, kind, policy, listener);
    }

    /** Reads a whole (small) file, failing at the first bad line. */
    public static <T> List<T> readAll(Path path, RecordKind<T> kind) throws IOException {
        List<T> records = new ArrayList<>();
        try (JsonlReader<T> reader = open(path, kind, ErrorPolicy.FAIL_FAST)) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            String line = readLine();
            if (line == null) {
                done = true;
            } else {
                next = parse(line);
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T record = next;
        next = null;
        return record;
    }

    /** The remaining records as a sequential stream; closing the stream closes this reader. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }

    /** Lines read so far that held a valid record. */
    public long goodLines() {
        return goodLines;
    }

    /** Lines read so far that were rejected. */
    public long badLines() {
        return badLines;
    }

    /** Blank lines skipped so far. */
    public long blankLines() {
        return blankLines;
    }

    /** Errors found so far (a bad line may have several), exact even past {@link #MAX_KEPT_ERRORS}. */
    public long errorCount() {
        return errorCount;
    }

    /** The first {@link #MAX_KEPT_ERRORS} errors, in file order. */
    public List<FormatError> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** The file as named in error messages. */
    public String file() {
        return file;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line, or null at the end; a line that is not UTF-8 is returned as {@link #NOT_UTF8}. */
    private String readLine() {
        try {
            String line = in.next();
            if (line != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            return line;
        } catch (Utf8Lines.InvalidUtf8 e) {
            lineNumber++;
            return NOT_UTF8;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The record on {@code line}, or null when the line is blank or bad (and the policy lets reading go on). */
    private T parse(String line) {
        if (line.isBlank()) {
            blankLines++;
            return null;
        }
        List<Violation> violations;
        T record = null;
        try {
            record = decode(line);
            violations = kind.validator().validate(record);
        } catch (StrictFields.Invalid e) {
            violations = List.of(e.violation);
        }
        if (violations.isEmpty()) {
            goodLines++;
            return record;
        }
        badLines++;
        for (Violation v : violations) {
            FormatError error = FormatError.of(file, lineNumber, v);
            errorCount++;
            if (errors.size() < MAX_KEPT_ERRORS) {
                errors.add(error);
            }
            listener.accept(error);
            if (policy == ErrorPolicy.FAIL_FAST) {
                throw goodLines == 0 ? wrongKindOrBadLine(line, error) : new DataFormatException(error);
            }
        }
        return null;
    }

    /**
     * The error for the first record of a file: when the line is a valid record of another kind (a prompts file
     * passed where dialogs are expected), the error says so; otherwise the line's own first error.
     */
    private DataFormatException wrongKindOrBadLine(String line, FormatError error) {
        if (line != NOT_UTF8) {
            try {
                Optional<RecordKind<?>> actual = kind.otherKindOf(JSON.readTree(line));
                if (actual.isPresent()) {
                    return new DataFormatException(error, kind, actual.get());
                }
            } catch (JsonProcessingException e) {
                // not JSON at all: the line's own error says so
            }
        }
        return new DataFormatException(error);
    }

    /** Parses and binds one non-blank line; throws {@link StrictFields.Invalid} naming the first bad field. */
    private T decode(String line) {
        if (line == NOT_UTF8) {
            throw new StrictFields.Invalid("json", "not valid UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            String why = SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("column $1");
            throw new StrictFields.Invalid("json", "malformed JSON" + at + ": " + why);
        }
        return kind.decode(node);
    }
}
