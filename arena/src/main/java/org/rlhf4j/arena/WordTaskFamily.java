package org.rlhf4j.arena;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A family whose prompts ask something about one word from {@link SpellingWords} ("Spell river backwards.", "How
 * many letters are in garden?"): sampling picks a word and a template, parsing recovers the word from the text, and
 * the expected answer form is a statement that starts with that word.
 */
abstract class WordTaskFamily implements TaskFamily {

    private final List<String> templates;
    private final Pattern question;

    /**
     * @param templates prompt templates with one {@code %s} for the word
     * @param question finds the word in a prompt text (group 1)
     */
    WordTaskFamily(List<String> templates, Pattern question) {
        this.templates = templates;
        this.question = question;
    }

    /** The task for a prompt about {@code word} (lower case), with its gold answer and parameters. */
    abstract ArenaTask task(String prompt, String word);

    @Override
    public final ArenaTask sample(SplittableRandom rng) {
        String word = SpellingWords.WORDS.get(rng.nextInt(SpellingWords.WORDS.size()));
        return task(String.format(templates.get(rng.nextInt(templates.size())), word), word);
    }

    @Override
    public final ArenaTask parse(String category, String prompt) {
        Matcher m = question.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("not a " + category() + " prompt: '" + prompt + "'");
        }
        return task(prompt, m.group(1).toLowerCase());
    }

    /**
     * Whether {@code response} opens with {@code "<word> <rest>"}, where the word is the task's (parameter 0) and
     * {@code rest} a regular expression: "magnet has 6 letters." does not answer a question about "monkey".
     */
    static boolean startsWithStatement(ArenaTask task, String rest, String response) {
        return Pattern.compile("\\s*" + Pattern.quote(task.parameters().get(0)) + " " + rest,
                Pattern.CASE_INSENSITIVE).matcher(response).lookingAt();
    }
}
