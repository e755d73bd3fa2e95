package org.rlhf4j.data.tokenizer;

import java.util.Random;
import java.util.stream.Collectors;

/**
 * Random Unicode strings for round-trip tests: code points from several scripts, the supplementary planes (emoji,
 * CJK extension B), combining marks, controls including NUL, digits, and runs of spaces, tabs and newlines at any
 * position, plus fragments that look like control or byte pieces. Never U+2581 (the word-boundary mark) and never a
 * surrogate code point.
 */
final class RandomText {

    private static final int[][] RANGES = {
        {0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x590, 0x6FF},
        {0x900, 0x97F}, {0x3040, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xE000, 0xF8FF}, {0xFE00, 0xFFFD},
        {0x1F300, 0x1FAFF}, {0x20000, 0x2A6DF}, {0x10FFF0, 0x10FFFF}};
    private static final String[] FRAGMENTS = {" ", "  ", "   ", "\t", "\n", "\r\n", "0", "7", "12345", "<s>", "</s>",
        "<unk>", "<0x41>", "<0xE6>", "\u200D", "the", "pro", "ing"};

    private final Random random;

    RandomText(long seed) {
        this.random = new Random(seed);
    }

    /** A string of up to {@code maxParts} random code points or fragments. */
    String next(int maxParts) {
        StringBuilder s = new StringBuilder();
        int parts = random.nextInt(maxParts + 1);
        for (int i = 0; i < parts; i++) {
            if (random.nextInt(3) == 0) {
                s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else {
                int[] range = RANGES[random.nextInt(RANGES.length)];
                int cp = range[0] + random.nextInt(range[1] - range[0] + 1);
                if (cp != 0x2581) {
                    s.appendCodePoint(cp);
                }
            }
        }
        return s.toString();
    }

    /** The code points of {@code s} in hex, for failure messages. */
    static String codePoints(String s) {
        return s.codePoints().mapToObj(Integer::toHexString).collect(Collectors.joining(" ", "[", "]"));
    }
}
