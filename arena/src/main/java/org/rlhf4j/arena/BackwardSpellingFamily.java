package org.rlhf4j.arena;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** "Spell river backwards." answered "river backwards is revir.". Parameters: {@code [word, reversed]}. */
public final class BackwardSpellingFamily extends WordTaskFamily {

    private static final List<String> TEMPLATES =
            List.of("Spell %s backwards.", "What is %s spelled backwards?", "Write the word %s backwards.");
    private static final Pattern QUESTION = Pattern.compile("([A-Za-z]+) (?:spelled )?backwards");
    BackwardSpellingFamily() {
        super(TEMPLATES, QUESTION);
    }

    @Override
    public String category() {
        return "spelling_backwards";
    }

    @Override
    ArenaTask task(String prompt, String word) {
        String reversed = new StringBuilder(word).reverse().toString();
        return new ArenaTask(category(), prompt, false, word + " backwards is " + reversed + ".",
                List.of(word, reversed));
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        String reversed = task.parameters().get(1);
        for (String token : response.toLowerCase().split("[^a-z]+")) {
            if (token.equals(reversed)) {
                return 1.0;
            }
        }
        return 0.0;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return startsWithStatement(task, "backwards is [a-z]+[.!]", response);
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        char[] r = task.parameters().get(1).toCharArray();
        int start = rng.nextInt(r.length - 1);
        for (int k = 0; k < r.length - 1; k++) {
            int i = (start + k) % (r.length - 1);
            if (r[i] != r[i + 1]) {
                char t = r[i];
                r[i] = r[i + 1];
                r[i + 1] = t;
                break;
            }
        }
        return task.parameters().get(0) + " backwards is " + new String(r) + ".";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        return task.parameters().get(0) + " backwards is.";
    }
}
