package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Write a two-line rhyme about the moon." answered "The moon shines so bright,\nand fills the sky with light.".
 * Correctness = 0.6 (two lines that rhyme, checked against {@link RhymeTable}) + 0.4 (the topic is named). Many
 * correct answers exist, which is what makes rhymes diverse under sampling (paper Fig. 21).
 * Parameters: {@code [topic]}.
 */
public final class RhymeFamily implements TaskFamily {

    static final List<String> TOPICS = List.of("sun", "moon", "sea", "rain", "cat", "tree", "bird", "star", "snow",
            "wind", "river", "dog", "flower", "cloud", "fire", "mountain", "garden", "bee", "horse", "train");
    private static final List<String> TEMPLATES = List.of("Write a two-line rhyme about the %s.",
            "Write a short rhyme about the %s.", "Make a two-line poem about the %s.");
    private static final Pattern QUESTION = Pattern.compile("about the ([a-z]+)", Pattern.CASE_INSENSITIVE);

    @Override
    public String category() {
        return "rhyme";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        String topic = TOPICS.get(rng.nextInt(TOPICS.size()));
        return task(String.format(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), topic), topic);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find()) {
            throw new IllegalArgumentException("not a rhyme prompt: '" + prompt + "'");
        }
        return task(prompt, m.group(1).toLowerCase());
    }

    private ArenaTask task(String prompt, String topic) {
        // One gold rhyme per prompt text; a different phrasing of the prompt gets a different gold rhyme.
        return new ArenaTask(category(), prompt, false, poem(topic, new SplittableRandom(prompt.hashCode())),
                List.of(topic));
    }

    /** A correct two-line rhyme about {@code topic}, chosen by {@code rng}. */
    static String poem(String topic, SplittableRandom rng) {
        List<String> groups = new ArrayList<>(RhymeTable.PHRASES.keySet());
        List<String> phrases = new ArrayList<>(RhymeTable.PHRASES.get(groups.get(rng.nextInt(groups.size()))));
        String first = phrases.remove(rng.nextInt(phrases.size()));
        String second = phrases.get(rng.nextInt(phrases.size()));
        return "The " + topic + " " + first + ",\nand " + second + ".";
    }

    private static List<String> lines(String response) {
        List<String> lines = new ArrayList<>();
        for (String line : response.strip().split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        List<String> lines = lines(response);
        boolean rhymes = lines.size() == 2 && RhymeTable.rhymes(lines.get(0), lines.get(1));
        boolean topic = (" " + response.toLowerCase().replaceAll("[^a-z]+", " ") + " ")
                .contains(" " + task.parameters().get(0) + " ");
        return (rhymes ? 0.6 : 0.0) + (topic ? 0.4 : 0.0);
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return lines(response).size() == 2;
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        List<String> groups = new ArrayList<>(RhymeTable.PHRASES.keySet());
        String g1 = groups.remove(rng.nextInt(groups.size()));
        String g2 = groups.get(rng.nextInt(groups.size()));
        List<String> p1 = RhymeTable.PHRASES.get(g1);
        List<String> p2 = RhymeTable.PHRASES.get(g2);
        return "The " + task.parameters().get(0) + " " + p1.get(rng.nextInt(p1.size())) + ",\nand "
                + p2.get(rng.nextInt(p2.size())) + ".";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        return task.gold().substring(0, task.gold().indexOf(',')) + ".";
    }
}
