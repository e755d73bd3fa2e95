package org.rlhf4j.arena;

import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Which is larger, 45 or 54?" answered "54 is larger than 45.". Half of the pairs swap the digits of one number,
 * the classic trap. Parameters: {@code [larger|smaller, answer, other]}.
 */
public final class ComparisonFamily implements TaskFamily {

    private static final Pattern QUESTION = Pattern.compile("(larger|bigger|smaller), (\\d+) or (\\d+)");
    private static final Pattern FORM =
            Pattern.compile("\\s*\\d+ is (larger|smaller) than \\d+[.!]", Pattern.CASE_INSENSITIVE);

    @Override
    public String category() {
        return "comparison";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        int a;
        int b;
        do {
            a = 10 + rng.nextInt(90);
            b = rng.nextBoolean() && a % 10 != 0 ? (a % 10) * 10 + a / 10 : 10 + rng.nextInt(90);
        } while (a == b);
        String word = List.of("larger", "bigger", "smaller").get(rng.nextInt(3));
        String prompt = word.equals("bigger")
                ? "Which number is bigger, " + a + " or " + b + "?"
                : "Which is " + word + ", " + a + " or " + b + "?";
        return task(prompt, word, a, b);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("not a comparison prompt: '" + prompt + "'");
        }
        return task(prompt, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private ArenaTask task(String prompt, String word, int a, int b) {
        String relation = word.equals("smaller") ? "smaller" : "larger";
        boolean firstWins = relation.equals("larger") ? a > b : a < b;
        int answer = firstWins ? a : b;
        int other = firstWins ? b : a;
        String gold = answer + " is " + relation + " than " + other + ".";
        return new ArenaTask(category(), prompt, false, gold,
                List.of(relation, Integer.toString(answer), Integer.toString(other)));
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        OptionalInt first = AnswerNumbers.first(response);
        return first.isPresent() && first.getAsInt() == Integer.parseInt(task.parameters().get(1)) ? 1.0 : 0.0;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return FORM.matcher(response).lookingAt();
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        List<String> p = task.parameters();
        return p.get(2) + " is " + p.get(0) + " than " + p.get(1) + ".";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        return "The " + task.parameters().get(0) + " one is.";
    }
}
