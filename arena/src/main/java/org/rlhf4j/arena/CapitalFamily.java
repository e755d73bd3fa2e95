package org.rlhf4j.arena;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "What is the capital of France?" answered "The capital of France is Paris.", from a fixed table. An answer is
 * correct when it names the right capital and no other capital of the table. Parameters: {@code [country, city]}.
 */
public final class CapitalFamily implements TaskFamily {

    /** Country to capital; insertion order is the sampling order. */
    static final Map<String, String> CAPITALS = table(
            "France", "Paris", "Germany", "Berlin", "Italy", "Rome", "Spain", "Madrid", "Portugal", "Lisbon",
            "Japan", "Tokyo", "China", "Beijing", "Egypt", "Cairo", "Kenya", "Nairobi", "Peru", "Lima",
            "Chile", "Santiago", "Canada", "Ottawa", "Russia", "Moscow", "Greece", "Athens", "Turkey", "Ankara",
            "Poland", "Warsaw", "Norway", "Oslo", "Sweden", "Stockholm", "Finland", "Helsinki", "Denmark",
            "Copenhagen", "Ireland", "Dublin", "Austria", "Vienna", "Hungary", "Budapest", "Cuba", "Havana",
            "Iran", "Tehran", "Thailand", "Bangkok", "Vietnam", "Hanoi", "Australia", "Canberra", "Argentina",
            "Buenos Aires", "Colombia", "Bogota", "Venezuela", "Caracas", "Morocco", "Rabat", "Ghana", "Accra",
            "Nigeria", "Abuja", "Belgium", "Brussels", "Netherlands", "Amsterdam", "Switzerland", "Bern",
            "Romania", "Bucharest", "Ukraine", "Kyiv", "Philippines", "Manila", "Indonesia", "Jakarta");

    private static final List<String> TEMPLATES = List.of(
            "What is the capital of %s?", "Name the capital of %s.", "Which city is the capital of %s?");
    private static final Pattern QUESTION = Pattern.compile("capital of ([A-Z][A-Za-z ]*?)[?.]");
    private static final Pattern FORM =
            Pattern.compile("\\s*The capital of [A-Za-z ]+ is [A-Za-z ]+[.!]", Pattern.CASE_INSENSITIVE);

    @Override
    public String category() {
        return "capital";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        List<String> countries = List.copyOf(CAPITALS.keySet());
        String country = countries.get(rng.nextInt(countries.size()));
        return task(String.format(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), country), country);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find() || !CAPITALS.containsKey(m.group(1))) {
            throw new IllegalArgumentException("not a capital prompt of the table: '" + prompt + "'");
        }
        return task(prompt, m.group(1));
    }

    private ArenaTask task(String prompt, String country) {
        String city = CAPITALS.get(country);
        return new ArenaTask(category(), prompt, false, "The capital of " + country + " is " + city + ".",
                List.of(country, city));
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        String lower = " " + response.toLowerCase().replaceAll("[^a-z]+", " ") + " ";
        String city = task.parameters().get(1);
        if (!lower.contains(" " + city.toLowerCase() + " ")) {
            return 0.0;
        }
        for (String other : CAPITALS.values()) {
            if (!other.equals(city) && lower.contains(" " + other.toLowerCase() + " ")) {
                return 0.0;
            }
        }
        return 1.0;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        return FORM.matcher(response).lookingAt();
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        List<String> cities = List.copyOf(CAPITALS.values());
        String wrong;
        do {
            wrong = cities.get(rng.nextInt(cities.size()));
        } while (wrong.equals(task.parameters().get(1)));
        return "The capital of " + task.parameters().get(0) + " is " + wrong + ".";
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        return "The capital of " + task.parameters().get(0) + " is.";
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
