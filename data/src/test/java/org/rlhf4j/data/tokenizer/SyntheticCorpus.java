package org.rlhf4j.data.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic text corpus for tokenizer tests: Zipf-distributed pseudo-words built from syllables, with
 * punctuation, numbers, some accented, Greek and Cyrillic words and indented "code" lines. Never contains CJK.
 */
final class SyntheticCorpus {

    private static final String[] SYLLABLES = {
        "the", "an", "re", "in", "on", "er", "at", "en", "ing", "ion", "tion", "al", "or", "es", "is", "it",
        "ar", "st", "to", "nd", "ou", "ea", "ti", "te", "co", "de", "ra", "ro", "li", "ri", "ve", "ma", "se",
        "pro", "con", "com", "pre", "ment", "ness", "able", "ly", "ed", "s", "a", "o", "u", "y", "k", "b", "ch"};
    private static final String[] FOREIGN = {
        "café", "naïve", "über", "straße", "déjà", "élève", "año", "λόγος", "αλφα", "мир", "привет", "данные"};
    private static final String[] PUNCTUATION = {".", ",", "!", "?", ";", ":"};

    private SyntheticCorpus() {}

    /** {@code lineCount} lines drawn with {@code seed}. */
    static List<String> lines(long seed, int lineCount) {
        Random random = new Random(seed);
        String[] words = new String[4000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[i] = w.toString();
        }
        List<String> lines = new ArrayList<>(lineCount);
        for (int l = 0; l < lineCount; l++) {
            StringBuilder line = new StringBuilder();
            if (random.nextInt(10) == 0) {
                line.append("    ".repeat(1 + random.nextInt(3)));
            }
            int length = 4 + random.nextInt(20);
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    line.append(' ');
                }
                int kind = random.nextInt(100);
                if (kind < 3) {
                    line.append(random.nextInt(100_000));
                } else if (kind < 5) {
                    line.append(FOREIGN[random.nextInt(FOREIGN.length)]);
                } else {
                    // Zipf-like: index ~ words.length ^ u, so small indices are frequent.
                    int index = (int) Math.pow(words.length, random.nextDouble()) - 1;
                    String word = words[index];
                    line.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                }
            }
            line.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
            lines.add(line.toString());
        }
        return lines;
    }
}
