package org.rlhf4j.arena;

import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "What is 17 plus 25?" answered "17 plus 25 is 42.". Operands up to 99 for plus and minus (never a negative
 * result), 2 to 12 for times. Parameters: {@code [a, operator, b, result]}.
 */
public final class ArithmeticFamily implements TaskFamily {

    private static final List<String> TEMPLATES = List.of("What is %s?", "Compute %s.", "How much is %s?");
    private static final Pattern QUESTION = Pattern.compile("(\\d+) (plus|minus|times) (\\d+)");
    private static final Pattern FORM =
            Pattern.compile("\\s*\\d+ (plus|minus|times) \\d+ is -?\\d+[.!]", Pattern.CASE_INSENSITIVE);

    @Override
    public String category() {
        return "arithmetic";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        String op = List.of("plus", "minus", "times").get(rng.nextInt(3));
        int a;
        int b;
        switch (op) {
            case "plus" -> {
                a = 1 + rng.nextInt(99);
                b = 1 + rng.nextInt(99);
            }
            case "minus" -> {
                a = 2 + rng.nextInt(98);
                b = 1 + rng.nextInt(a - 1);
            }
            default -> {
                a = 2 + rng.nextInt(11);
                b = 2 + rng.nextInt(11);
            }
        }
        String expression = a + " " + op + " " + b;
        return task(String.format(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), expression), a, op, b);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("not an arithmetic prompt: '" + prompt + "'");
        }
        return task(prompt, Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
    }

    private ArenaTask task(String prompt, int a, String op, int b) {
        int result = switch (op) {
            case "plus" -> a + b;
            case "minus" -> a - b;
            default -> a * b;
        };
        String gold = a + " " + op + " " + b + " is " + result + ".";
        return new ArenaTask(category(), prompt, false, gold,
                List.of(Integer.toString(a), op, Integer.toString(b), Integer.toString(result)));
    }

    private static int result(ArenaTask task) {
        return Integer.parseInt(task.parameters().get(3));
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        OptionalInt stated = AnswerNumbers.result(response);
        return stated.isPresent() && stated.getAsInt() == result(task) ? 1.0 : 0.0;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return FORM.matcher(response).lookingAt();
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        int delta = (1 + rng.nextInt(10)) * (rng.nextBoolean() ? 1 : -1);
        List<String> p = task.parameters();
        return p.get(0) + " " + p.get(1) + " " + p.get(2) + " is " + (result(task) + delta) + ".";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        List<String> p = task.parameters();
        return p.get(0) + " " + p.get(1) + " " + p.get(2) + " is.";
    }
}
