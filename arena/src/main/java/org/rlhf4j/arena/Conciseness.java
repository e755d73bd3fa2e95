package org.rlhf4j.arena;

/**
 * The judge's length penalty. An answer may use up to {@code limit = max(2 g, g + 8)} words, g the gold answer's
 * word count; beyond it the factor falls linearly: {@code max(0, 1 - (w - limit) / limit)}.
 */
public final class Conciseness {

    private Conciseness() {}

    /** Number of whitespace-separated words. */
    public static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** The word limit for answers to a prompt whose gold answer is {@code gold}. */
    public static int wordLimit(String gold) {
        int g = words(gold);
        return Math.max(2 * g, g + 8);
    }

    /** The factor in [0, 1] that multiplies helpfulness. */
    public static double factor(String gold, String response) {
        int limit = wordLimit(gold);
        int w = words(response);
        return w <= limit ? 1.0 : Math.max(0.0, 1.0 - (double) (w - limit) / limit);
    }
}
