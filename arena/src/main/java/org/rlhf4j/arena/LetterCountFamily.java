package org.rlhf4j.arena;

import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** "How many letters are in garden?" answered "garden has 6 letters.". Parameters: {@code [word, count]}. */
public final class LetterCountFamily extends WordTaskFamily {

    private static final List<String> TEMPLATES = List.of(
            "How many letters are in %s?", "How many letters does %s have?", "Count the letters in %s.");
    private static final Pattern QUESTION =
            Pattern.compile("(?:letters (?:are )?in|letters does) ([A-Za-z]+)");

    LetterCountFamily() {
        super(TEMPLATES, QUESTION);
    }

    @Override
    public String category() {
        return "letter_count";
    }

    @Override
    ArenaTask task(String prompt, String word) {
        return new ArenaTask(category(), prompt, false, word + " has " + word.length() + " letters.",
                List.of(word, Integer.toString(word.length())));
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        OptionalInt first = AnswerNumbers.first(response);
        return first.isPresent() && first.getAsInt() == Integer.parseInt(task.parameters().get(1)) ? 1.0 : 0.0;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return startsWithStatement(task, "has \\d+ letters[.!]", response);
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        int wrong = Integer.parseInt(task.parameters().get(1)) + (1 + rng.nextInt(2)) * (rng.nextBoolean() ? 1 : -1);
        return task.parameters().get(0) + " has " + wrong + " letters.";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        return task.parameters().get(0) + " has letters.";
    }
}
