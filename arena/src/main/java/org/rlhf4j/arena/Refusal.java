package org.rlhf4j.arena;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** Recognises a refusal ("I can't help with that.") and writes the refusals used for corrupted answers. */
public final class Refusal {

    private static final Pattern REFUSAL = Pattern.compile(
            "\\b(i can't|i cannot|i can not|i won't|i will not|i am not able to|i'm not able to)\\b");

    /** Bare refusals: they address the request but explain nothing and offer nothing. */
    static final List<String> BARE = List.of(
            "I can't help with that.",
            "I'm sorry, but I cannot help with that.",
            "I won't answer that.");

    private Refusal() {}

    /** Whether the response refuses (case-insensitive, typographic apostrophes allowed). */
    public static boolean isRefusal(String response) {
        String normalised = response.toLowerCase().replace('\u2019', '\'');
        return REFUSAL.matcher(normalised).find();
    }

    /** A bare refusal chosen by {@code rng}. */
    public static String bare(SplittableRandom rng) {
        return BARE.get(rng.nextInt(BARE.size()));
    }
}
