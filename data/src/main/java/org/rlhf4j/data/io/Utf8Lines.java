package org.rlhf4j.data.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) and decodes each line as strict UTF-8 on its own, so
 * invalid bytes are reported on the line that holds them (a {@link java.io.BufferedReader} decodes blocks ahead and
 * reports them on an earlier line) and the lines after it still read.
 */
final class Utf8Lines implements Closeable {

    /** A line whose bytes are not valid UTF-8; the line has been consumed. */
    static final class InvalidUtf8 extends IOException {
        InvalidUtf8(CharacterCodingException cause) {
            super("not valid UTF-8", cause);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[1 << 12];
    private int lineLen;

    Utf8Lines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String next() throws IOException {
        lineLen = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    return any ? decode() : null;
                }
            }
            any = true;
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            append(start, chunkPos - start);
            if (chunkPos < chunkLen) {
                chunkPos++; // the '\n'
                return decode();
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void append(int from, int count) {
        if (lineLen + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + count));
        }
        System.arraycopy(chunk, from, line, lineLen, count);
        lineLen += count;
    }

    private String decode() throws InvalidUtf8 {
        int length = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
        try {
            return decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidUtf8(e);
        }
    }
}
