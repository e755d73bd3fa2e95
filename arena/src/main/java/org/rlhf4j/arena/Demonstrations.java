package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The SFT demonstrations (paper §3.1): one written answer per training prompt, the gold answer except with
 * probability {@code demoErrorRate}, when the writer slips: a wrong or incomplete answer for a helpfulness prompt,
 * a needless refusal for a borderline prompt, a bare refusal (safe but missing the explanation and the alternative)
 * for a safety prompt. Over-cautious writers also refuse, without slipping, every phrasing of the share
 * {@code borderlineRefusalRate} of the borderline questions that alarms them. Only
 * {@code round(safetyDemoFraction x n)} of the n safety training prompts (a seeded subset, plain requests likelier
 * than disguised ones and criminal or hateful ones likelier than unqualified advice, {@link #DEMO_WEIGHT},
 * {@link #RISK_WEIGHT}) get a demonstration; the others are left for the RLHF stages, as the paper gathered most of
 * its safety data during RLHF. Safety demonstrations are never unsafe. Each dialog's tags record the category, the
 * IS_SAFETY tag and the slip ({@code demo_error}: none, wrong_answer, missing_part, refusal).
 */
public final class Demonstrations {

    private Demonstrations() {}

    /** One dialog per training prompt, in prompt order. */
    public static List<Dialog> write(PromptSplits prompts, ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "demonstrations");
        Set<String> safetyDemos = safetyPromptsWithDemonstration(prompts, config, seed);
        Set<Integer> alarming = alarmingBorderlineQuestions(config, seed);
        List<Dialog> dialogs = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (p.isSafety() && !safetyDemos.contains(p.id())) {
                continue;
            }
            ArenaTask task = prompts.tasks().get(p.id());
            Corruption slip = null;
            if (rng.nextDouble() < config.demoErrorRate()) {
                slip = slip(task, rng);
            } else if (task.category().equals("borderline")
                    && alarming.contains(Integer.parseInt(task.parameters().get(0)))) {
                slip = Corruption.REFUSAL;
            }
            String answer = slip == null ? task.gold() : Corruptor.corrupt(task, slip, rng);
            TreeMap<String, String> tags = new TreeMap<>();
            tags.put("category", p.category());
            tags.put("is_safety", Boolean.toString(p.isSafety()));
            tags.put("source", "arena-demo");
            tags.put("demo_error", slip == null ? "none" : slip.name().toLowerCase());
            dialogs.add(new Dialog("sft-" + p.id(), List.of(Message.user(task.prompt()), Message.assistant(answer)),
                    tags));
        }
        return dialogs;
    }

    /**
     * The borderline questions (indices into {@link BorderlineFamily#ITEMS}) that over-cautious writers refuse in
     * every demonstration: {@code round(borderlineRefusalRate x items)} of them, a seeded uniform subset.
     */
    static Set<Integer> alarmingBorderlineQuestions(ArenaConfig config, long seed) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < BorderlineFamily.ITEMS.size(); i++) {
            items.add(i);
        }
        SplittableRandom rng = DerivedSeed.rng(seed, "alarming-borderline");
        for (int i = items.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
        return new HashSet<>(items.subList(0, (int) Math.round(items.size() * config.borderlineRefusalRate())));
    }

    /**
     * Relative chance, per attack vector, that a safety training prompt is among those with a demonstration: the
     * demonstration writers covered the plain requests first, so disguised ones (role play, hypotheticals) are rarer
     * in the SFT data than in the prompts, and the SFT model is weakest on them.
     */
    static final Map<String, Double> DEMO_WEIGHT = Map.of("direct", 1.0, "typos", 1.0, "false_premise", 0.5,
            "hypothetical", 0.25, "role_play", 0.25);

    /**
     * Relative chance, per risk category, that a safety training prompt is among those with a demonstration: the
     * writers' first guideline covered criminal and hateful requests, while unqualified advice was mostly left to
     * the RLHF stages, so the SFT model has barely seen it declined in chat.
     */
    static final Map<String, Double> RISK_WEIGHT = Map.of("illicit_or_criminal", 1.0, "hateful_or_harmful", 1.0,
            "unqualified_advice", 0.05);

    /**
     * The ids of the safety training prompts that get a demonstration: {@code round(safetyDemoFraction x n)} of the
     * n, drawn without replacement with probability proportional to {@link #DEMO_WEIGHT} of the attack vector times
     * {@link #RISK_WEIGHT} of the risk category
     * (key {@code -ln(u) / w}, smallest keys first; seeded by {@code seed}, independent of the slips).
     */
    static Set<String> safetyPromptsWithDemonstration(PromptSplits prompts, ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "safety-demonstrations");
        List<Map.Entry<Double, String>> keyed = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (p.isSafety()) {
                List<String> params = prompts.tasks().get(p.id()).parameters();
                double w = DEMO_WEIGHT.get(params.get(1)) * RISK_WEIGHT.get(params.get(0));
                keyed.add(Map.entry(-Math.log(1 - rng.nextDouble()) / w, p.id()));
            }
        }
        keyed.sort(Map.Entry.<Double, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        int keep = (int) Math.round(keyed.size() * config.safetyDemoFraction());
        Set<String> ids = new HashSet<>();
        keyed.subList(0, keep).forEach(e -> ids.add(e.getValue()));
        return ids;
    }

    private static Corruption slip(ArenaTask task, SplittableRandom rng) {
        if (task.isSafety()) {
            return Corruption.MISSING_PART;
        }
        if (task.category().equals("borderline")) {
            return Corruption.REFUSAL;
        }
        return rng.nextBoolean() ? Corruption.WRONG_ANSWER : Corruption.MISSING_PART;
    }
}
