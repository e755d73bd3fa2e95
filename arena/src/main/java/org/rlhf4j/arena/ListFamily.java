package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Name three fruits." answered "Three fruits are apple, pear and plum.". Correctness is the share of the asked
 * number of distinct members named; the expected form names exactly that many members and nothing from another
 * category. Parameters: {@code [count, category, item...]} (the items of the gold answer).
 */
public final class ListFamily implements TaskFamily {

    /** Category to members; members are single words and no word belongs to two categories. */
    static final Map<String, List<String>> MEMBERS = new LinkedHashMap<>();

    static {
        MEMBERS.put("fruits", List.of("apple", "pear", "plum", "banana", "cherry", "grape", "lemon", "mango", "peach"));
        MEMBERS.put("colors", List.of("red", "blue", "green", "yellow", "purple", "pink", "brown", "white", "black"));
        MEMBERS.put("animals", List.of("dog", "cat", "horse", "cow", "sheep", "lion", "tiger", "rabbit", "fox"));
        MEMBERS.put("vegetables", List.of("carrot", "potato", "onion", "pea", "cabbage", "spinach", "leek", "bean"));
        MEMBERS.put("tools", List.of("hammer", "saw", "drill", "wrench", "shovel", "chisel", "pliers", "rake"));
        MEMBERS.put("birds", List.of("robin", "eagle", "owl", "sparrow", "crow", "parrot", "swan", "pigeon"));
        MEMBERS.put("flowers", List.of("rose", "tulip", "daisy", "lily", "orchid", "violet", "poppy", "iris"));
        MEMBERS.put("sports", List.of("soccer", "tennis", "golf", "rugby", "hockey", "boxing", "cricket", "rowing"));
        MEMBERS.put("instruments", List.of("piano", "guitar", "drum", "flute", "trumpet", "harp", "cello", "banjo"));
        MEMBERS.put("metals", List.of("iron", "gold", "copper", "tin", "zinc", "lead", "nickel", "aluminum"));
    }

    private static final List<String> COUNTS = List.of("two", "three", "four");
    private static final List<String> TEMPLATES = List.of("Name %s %s.", "List %s %s.", "Give me %s %s.");
    private static final Pattern QUESTION =
            Pattern.compile("(?:Name|List|Give me) (two|three|four) ([a-z]+)", Pattern.CASE_INSENSITIVE);

    @Override
    public String category() {
        return "list";
    }

    @Override
    public ArenaTask sample(SplittableRandom rng) {
        List<String> categories = List.copyOf(MEMBERS.keySet());
        String cat = categories.get(rng.nextInt(categories.size()));
        String count = COUNTS.get(rng.nextInt(COUNTS.size()));
        return task(String.format(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), count, cat), count, cat);
    }

    @Override
    public ArenaTask parse(String category, String prompt) {
        Matcher m = QUESTION.matcher(prompt);
        if (!m.find() || !MEMBERS.containsKey(m.group(2).toLowerCase())) {
            throw new IllegalArgumentException("not a list prompt of the table: '" + prompt + "'");
        }
        return task(prompt, m.group(1).toLowerCase(), m.group(2).toLowerCase());
    }

    private ArenaTask task(String prompt, String count, String cat) {
        // The gold items are a pure function of the prompt text, so a prompt read back from a file has the same gold.
        List<String> items = pick(MEMBERS.get(cat), COUNTS.indexOf(count) + 2, new SplittableRandom(prompt.hashCode()));
        List<String> params = new ArrayList<>(List.of(count, cat));
        params.addAll(items);
        return new ArenaTask(category(), prompt, false, sentence(count, cat, items), params);
    }

    static String sentence(String count, String cat, List<String> items) {
        String head = Character.toUpperCase(count.charAt(0)) + count.substring(1) + " " + cat + " are ";
        return head + String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1)
                + ".";
    }

    private static int asked(ArenaTask task) {
        return COUNTS.indexOf(task.parameters().get(0)) + 2;
    }

    /** Distinct members of {@code cat} named in the response, and whether anything of another category is named. */
    private static Set<String> named(String response, String cat) {
        Set<String> named = new LinkedHashSet<>();
        for (String token : response.toLowerCase().split("[^a-z]+")) {
            if (MEMBERS.get(cat).contains(token)) {
                named.add(token);
            }
        }
        return named;
    }

    private static boolean namesForeign(String response, String cat) {
        for (String token : response.toLowerCase().split("[^a-z]+")) {
            for (Map.Entry<String, List<String>> e : MEMBERS.entrySet()) {
                if (!e.getKey().equals(cat) && e.getValue().contains(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public double correctness(ArenaTask task, String response) {
        int n = asked(task);
        return Math.min(n, named(response, task.parameters().get(1)).size()) / (double) n;
    }

    @Override
    public boolean expectedForm(ArenaTask task, String response) {
        String cat = task.parameters().get(1);
        return named(response, cat).size() == asked(task) && !namesForeign(response, cat);
    }

    @Override
    public String wrongAnswer(ArenaTask task, SplittableRandom rng) {
        List<String> categories = new ArrayList<>(MEMBERS.keySet());
        categories.remove(task.parameters().get(1));
        List<String> foreign = MEMBERS.get(categories.get(rng.nextInt(categories.size())));
        return sentence(task.parameters().get(0), task.parameters().get(1), pick(foreign, asked(task), rng));
    }

    @Override
    public String missingPart(ArenaTask task, SplittableRandom rng) {
        List<String> items = task.parameters().subList(2, task.parameters().size());
        return sentence(task.parameters().get(0), task.parameters().get(1), items.subList(0, items.size() - 1));
    }

    private static List<String> pick(List<String> from, int n, SplittableRandom rng) {
        List<String> pool = new ArrayList<>(from);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pool.remove(rng.nextInt(pool.size())));
        }
        return out;
    }
}
