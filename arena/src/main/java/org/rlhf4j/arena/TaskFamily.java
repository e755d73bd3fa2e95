package org.rlhf4j.arena;

import java.util.SplittableRandom;

/**
 * One kind of arena prompt whose answers a program can check: it samples prompts with their gold answer, rebuilds
 * the truth from a prompt's text, scores the content of any response, and writes the corrupted answers the
 * bootstrap preference set and the imperfect demonstrations need.
 */
public interface TaskFamily {

    /** The category of this family's prompts, or their prefix before a {@code '/'}, e.g. {@code "capital"}. */
    String category();

    /** Samples one prompt of this family with its gold answer. */
    ArenaTask sample(SplittableRandom rng);

    /** Rebuilds the task from a prompt text; throws {@link IllegalArgumentException} naming the text otherwise. */
    ArenaTask parse(String category, String prompt);

    /** How correct and complete the content of {@code response} is, in [0, 1] (gold answer: 1). */
    double correctness(ArenaTask task, String response);

    /** Whether {@code response} opens with (or, for lists and rhymes, has) the form the family expects (gold: true). */
    boolean expectedForm(ArenaTask task, String response);

    /** An answer of the expected form with wrong content (a wrong number, a wrong city, ...). */
    String wrongAnswer(ArenaTask task, SplittableRandom rng);

    /** An answer missing a required part (the number, an item of a list, the second line of a rhyme, ...). */
    String missingPart(ArenaTask task, SplittableRandom rng);

    /** Whether a prompt of {@code category} belongs to this family. */
    default boolean owns(String category) {
        return category.equals(category()) || category.startsWith(category() + "/");
    }
}
