package org.rlhf4j.arena;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arena's rhyme table: groups of words that rhyme, each with verb phrases ending in one of its words (the
 * topic is the phrase's subject: "The moon | shines so bright,"). Two lines rhyme when their last words are
 * different members of one group.
 */
public final class RhymeTable {

    /** Group name to the verb phrases ending in one of its rhyme words. */
    static final Map<String, List<String>> PHRASES = new LinkedHashMap<>();
    /** Group name to every rhyme word the judge accepts for it. */
    static final Map<String, List<String>> WORDS = new LinkedHashMap<>();

    static {
        group("ight", List.of("bright", "night", "sight", "light", "right", "tight", "white", "kite", "flight"),
                "shines so bright", "glows at night", "is a lovely sight", "fills the sky with light",
                "feels just right", "holds on tight");
        group("ay", List.of("day", "play", "way", "stay", "gray", "may", "say", "away", "bay"),
                "greets the day", "loves to play", "shows the way", "is here to stay", "turns the sky gray",
                "drifts far away");
        group("ee", List.of("free", "sea", "tree", "me", "see", "bee", "knee", "three"),
                "dances wild and free", "hums above the sea", "waits beside the tree", "sings a song for me",
                "is all I want to see");
        group("ound", List.of("sound", "around", "ground", "found", "round", "bound"),
                "makes a gentle sound", "spins around", "rests upon the ground", "is nowhere to be found");
        group("ow", List.of("slow", "glow", "show", "flow", "grow", "snow", "know", "go"),
                "moves so slow", "has a soft glow", "puts on a show", "lets the rivers flow",
                "helps the flowers grow");
        group("ain", List.of("rain", "again", "plain", "lane", "train", "main", "chain"),
                "falls like gentle rain", "comes back again", "rolls across the plain", "runs down the lane");
        group("ing", List.of("ring", "thing", "spring", "sing", "king", "wing", "swing"),
                "makes the bells ring", "is a lovely thing", "wakes up in spring", "makes the children sing");
    }

    private RhymeTable() {}

    private static void group(String name, List<String> words, String... phrases) {
        WORDS.put(name, words);
        PHRASES.put(name, List.of(phrases));
    }

    /** The last word of a phrase or line, lower case, without punctuation. */
    public static String lastWord(String line) {
        String[] tokens = line.toLowerCase().replaceAll("[^a-z ]+", " ").strip().split("\\s+");
        return tokens[tokens.length - 1];
    }

    /** The rhyme group a word belongs to. */
    public static Optional<String> groupOf(String word) {
        for (Map.Entry<String, List<String>> e : WORDS.entrySet()) {
            if (e.getValue().contains(word)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether two lines end in different words of one rhyme group. */
    public static boolean rhymes(String line1, String line2) {
        String a = lastWord(line1);
        String b = lastWord(line2);
        Optional<String> group = groupOf(a);
        return !a.equals(b) && group.isPresent() && group.equals(groupOf(b));
    }
}
