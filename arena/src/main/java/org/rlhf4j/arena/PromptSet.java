package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the arena's unique prompts (helpfulness families by weight, safety, borderline) and splits each family
 * into train / validation / test by the config's fractions, except that the safety and borderline families give the
 * test set the fixed sizes {@link ArenaConfig#testPrompts} asks for. A pure function of (config, seed).
 */
public final class PromptSet {

    private static final Logger LOG = LoggerFactory.getLogger(PromptSet.class);
    private static final int MAX_MISSES_PER_PROMPT = 50;

    private PromptSet() {}

    /** Generates and splits the prompts. */
    public static PromptSplits generate(ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "prompts");
        Set<String> seen = new HashSet<>();
        List<ArenaTask> tasks = new ArrayList<>();
        tasks.addAll(sample(TaskCatalog.HELPFULNESS, TaskCatalog.HELPFULNESS_WEIGHTS, config.helpfulnessPrompts(),
                seen, rng));
        tasks.addAll(sample(List.of(TaskCatalog.SAFETY), new int[] {1}, config.safetyPrompts(), seen, rng));
        tasks.addAll(sample(List.of(TaskCatalog.BORDERLINE), new int[] {1}, config.borderlinePrompts(), seen, rng));

        Map<String, ArenaTask> byId = new LinkedHashMap<>();
        Map<String, List<PromptRecord>> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            ArenaTask t = tasks.get(i);
            String id = String.format("arena-%05d", i);
            byId.put(id, t);
            PromptRecord record = new PromptRecord(id, List.of(Message.user(t.prompt())), t.isSafety(), t.category());
            byFamily.computeIfAbsent(TaskCatalog.family(t.category()).category(), k -> new ArrayList<>()).add(record);
        }
        SplittableRandom splitRng = DerivedSeed.rng(seed, "splits");
        List<PromptRecord> train = new ArrayList<>();
        List<PromptRecord> validation = new ArrayList<>();
        List<PromptRecord> test = new ArrayList<>();
        for (Map.Entry<String, List<PromptRecord>> e : byFamily.entrySet()) {
            List<PromptRecord> family = e.getValue();
            shuffle(family, splitRng);
            int nTest = config.testPrompts(e.getKey(), family.size());
            int nValidation = (int) Math.round(family.size() * config.validationFraction());
            test.addAll(family.subList(0, nTest));
            validation.addAll(family.subList(nTest, Math.min(family.size(), nTest + nValidation)));
            train.addAll(family.subList(Math.min(family.size(), nTest + nValidation), family.size()));
        }
        Comparator<PromptRecord> byIdOrder = Comparator.comparing(PromptRecord::id);
        train.sort(byIdOrder);
        validation.sort(byIdOrder);
        test.sort(byIdOrder);
        return new PromptSplits(train, validation, test, byId);
    }

    private static List<ArenaTask> sample(List<TaskFamily> families, int[] weights, int count, Set<String> seen,
                                          SplittableRandom rng) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        List<ArenaTask> out = new ArrayList<>();
        long misses = 0;
        while (out.size() < count && misses < (long) MAX_MISSES_PER_PROMPT * count) {
            int r = rng.nextInt(total);
            int f = 0;
            while (r >= weights[f]) {
                r -= weights[f++];
            }
            ArenaTask t = families.get(f).sample(rng);
            if (seen.add(t.prompt().strip().toLowerCase())) {
                out.add(t);
            } else {
                misses++;
            }
        }
        if (out.size() < count) {
            LOG.warn("only {} unique prompts of {} requested for {}", out.size(), count, families.get(0).category());
        }
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
