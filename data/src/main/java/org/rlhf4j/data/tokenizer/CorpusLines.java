package org.rlhf4j.data.tokenizer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.rlhf4j.artifacts.InputException;

/**
 * Streams the lines of a strictly UTF-8 text file: lines end at '\n' (a '\r' before it is dropped; a lone '\r' is
 * text), a byte-order mark at the start is dropped, and invalid UTF-8 is an error naming the file and line.
 */
public final class CorpusLines {

    private CorpusLines() {}

    /**
     * Hands every line of {@code corpus}, without its terminator, to {@code consumer}.
     *
     * @throws InputException when the corpus is missing, a directory, or has a line that is not valid UTF-8
     */
    public static void forEach(Path corpus, Consumer<String> consumer) throws IOException {
        if (Files.isDirectory(corpus)) {
            throw new InputException(corpus, "is a directory; expected a UTF-8 text file, one example per line");
        }
        if (!Files.exists(corpus)) {
            throw new InputException(corpus, "no such file; expected a UTF-8 text file, one example per line");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(corpus), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long lineNumber = 0;
            int b;
            boolean more = true;
            while (more) {
                b = in.read();
                if (b >= 0 && b != '\n') {
                    line.write(b);
                    continue;
                }
                more = b >= 0;
                if (!more && line.size() == 0) {
                    break;
                }
                lineNumber++;
                String text;
                try {
                    text = utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    throw new InputException(corpus.toString(), lineNumber, null,
                            "not valid UTF-8 (a text corpus must be UTF-8)", e);
                }
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                consumer.accept(text);
                line.reset();
            }
        }
    }
}
