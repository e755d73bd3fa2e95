package org.rlhf4j.data.arena;

import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "How many letters are in garden?" answered "garden has 6 letters.". Parameters: {@code [word, count]}. */
public final class LetterCountFamily implements TaskFamily {

    private static final List<String> TEMPLATES = List.of(
            "How many letters are in %s?", "How many letters does %s have?", "Count the letters in %s.");
    private static final Pattern QUESTION =
            Pattern.compile("(?:letters (?:are )?in|letters does) ([A-Za-z]+)");

    @Override
    public String category() {
        return "letter_count";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        String word = SpellingWords.WORDS.get(rng.nextInt(SpellingWords.WORDS.size()));
        return task(String.format(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), word), word);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("not a letter-count prompt: '" + prompt + "'");
        }
        return task(prompt, m.group(1).toLowerCase());
    }

    private ArenaTask task(String prompt, String word) {
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
        // The statement must name the word asked about: "magnet has 6 letters." does not answer "monkey".
        Pattern form = Pattern.compile("\\s*" + Pattern.quote(task.parameters().get(0)) + " has \\d+ letters[.!]",
                Pattern.CASE_INSENSITIVE);
        return form.matcher(response).lookingAt();
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
