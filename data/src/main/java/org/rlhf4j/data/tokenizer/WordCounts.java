package org.rlhf4j.data.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word frequencies of a training corpus, split the way the written tokenizer sees text.
 *
 * <p>Each non-empty line is normalised like Llama's tokenizer ("▁" prepended, every space replaced by "▁") and cut
 * into words SentencePiece-style: a word starts at each "▁", except that a run of "▁" stays together with the word
 * that follows it (SentencePiece's {@code allow_whitespace_only_pieces}, which Llama 2 set, so indentation can become
 * pieces like "▁▁▁▁"). Digits (Unicode Nd/Nl/No, as the {@code Digits} pre-tokenizer) are cut out as words of their
 * own, so no learned piece can hold a digit. Lines never contain '\n', so a newline is always left to byte fallback,
 * as in Llama 2.
 */
final class WordCounts {

    private final Map<String, long[]> wordFrequencies = new HashMap<>();
    private long lineCount;
    private long codePointCount;

    /** Counts the words of all lines. */
    static WordCounts count(Iterable<String> lines) {
        WordCounts counts = new WordCounts();
        for (String line : lines) {
            counts.addLine(line);
        }
        return counts;
    }

    /** Llama's normaliser: "▁" prepended to a non-empty text, each ' ' replaced by "▁". */
    static String normalize(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return LlamaPieces.WORD_BOUNDARY + text.replace(' ', '\u2581');
    }

    /** The words of one normalised line, in order. */
    static List<String> splitWords(String normalized) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBoundaryRun = false;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (LlamaPieces.isDigit(cp)) {
                flush(current, words);
                words.add(new String(Character.toChars(cp)));
                inBoundaryRun = false;
            } else if (cp == LlamaPieces.WORD_BOUNDARY_CP) {
                if (!inBoundaryRun) {
                    flush(current, words);
                    inBoundaryRun = true;
                }
                current.appendCodePoint(cp);
            } else {
                inBoundaryRun = false;
                current.appendCodePoint(cp);
            }
        }
        flush(current, words);
        return words;
    }

    private static void flush(StringBuilder current, List<String> words) {
        if (current.length() > 0) {
            words.add(current.toString());
            current.setLength(0);
        }
    }

    /** Adds one line of raw text (without its line terminator). */
    void addLine(String line) {
        if (line.isEmpty()) {
            return;
        }
        lineCount++;
        codePointCount += line.codePointCount(0, line.length());
        for (String word : splitWords(normalize(line))) {
            wordFrequencies.computeIfAbsent(word, w -> new long[1])[0]++;
        }
    }

    /** Word to number of occurrences (a mutable one-element array per word). */
    Map<String, long[]> wordFrequencies() {
        return wordFrequencies;
    }

    /** Code point to number of occurrences in all words, "▁" included. */
    Map<Integer, Long> characterCounts() {
        Map<Integer, Long> counts = new HashMap<>();
        for (Map.Entry<String, long[]> e : wordFrequencies.entrySet()) {
            long f = e.getValue()[0];
            e.getKey().codePoints().forEach(cp -> counts.merge(cp, f, Long::sum));
        }
        return counts;
    }

    /** Number of non-empty lines counted. */
    long lineCount() {
        return lineCount;
    }

    /** Number of code points in the raw (unnormalised) non-empty lines. */
    long codePointCount() {
        return codePointCount;
    }
}
