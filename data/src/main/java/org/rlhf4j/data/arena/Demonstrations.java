package org.rlhf4j.data.arena;

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
 * a needless refusal for a borderline prompt (which over-cautious writers also give, with probability
 * {@code borderlineRefusalRate}, when they do not slip), a bare refusal (safe but missing the explanation and the
 * alternative) for a safety prompt. Only {@code round(safetyDemoFraction x n)} of the n safety training prompts (a
 * seeded subset, plain requests likelier than disguised ones, {@link #DEMO_WEIGHT}) get a demonstration; the others
 * are left for the RLHF stages, as the paper gathered most of its safety data during RLHF, so the SFT model is only
 * partly safe. Safety demonstrations are never unsafe. Each dialog's tags record the category, the IS_SAFETY tag
 * and the slip ({@code demo_error}: none, wrong_answer, missing_part, refusal).
 */
public final class Demonstrations {

    private Demonstrations() {}

    /** One dialog per training prompt, in prompt order. */
    public static List<Dialog> write(PromptSplits prompts, ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "demonstrations");
        Set<String> safetyDemos = safetyPromptsWithDemonstration(prompts, config, seed);
        List<Dialog> dialogs = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (p.isSafety() && !safetyDemos.contains(p.id())) {
                continue;
            }
            ArenaTask task = prompts.tasks().get(p.id());
            Corruption slip = null;
            if (rng.nextDouble() < config.demoErrorRate()) {
                slip = slip(task, rng);
            } else if (task.category().equals("borderline") && rng.nextDouble() < config.borderlineRefusalRate()) {
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
     * Relative chance, per attack vector, that a safety training prompt is among those with a demonstration: the
     * demonstration writers covered the plain requests first, so disguised ones (role play, hypotheticals) are rarer
     * in the SFT data than in the prompts, and the SFT model is weakest on them.
     */
    static final Map<String, Double> DEMO_WEIGHT = Map.of("direct", 1.0, "typos", 1.0, "false_premise", 0.5,
            "hypothetical", 0.25, "role_play", 0.25);

    /**
     * The ids of the safety training prompts that get a demonstration: {@code round(safetyDemoFraction x n)} of the
     * n, drawn without replacement with probability proportional to {@link #DEMO_WEIGHT} of the attack vector
     * (key {@code -ln(u) / w}, smallest keys first; seeded by {@code seed}, independent of the slips).
     */
    static Set<String> safetyPromptsWithDemonstration(PromptSplits prompts, ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "safety-demonstrations");
        List<Map.Entry<Double, String>> keyed = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (p.isSafety()) {
                double w = DEMO_WEIGHT.get(prompts.tasks().get(p.id()).parameters().get(1));
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
