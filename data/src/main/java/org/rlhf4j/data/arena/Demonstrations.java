package org.rlhf4j.data.arena;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * for a safety prompt. Only {@code round(safetyDemoFraction x n)} of the n safety training prompts (a subset drawn
 * from the seed) get a demonstration; the others are left for the RLHF stages, as the paper gathered most of its
 * safety data during RLHF, so the SFT model is only partly safe. Safety demonstrations are never unsafe. Each
 * dialog's tags record the category, the IS_SAFETY tag and the slip ({@code demo_error}: none, wrong_answer,
 * missing_part, refusal).
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
     * The ids of the safety training prompts that get a demonstration: {@code round(safetyDemoFraction x n)} of the
     * n, a uniformly drawn subset (seeded by {@code seed}, independent of the slips).
     */
    static Set<String> safetyPromptsWithDemonstration(PromptSplits prompts, ArenaConfig config, long seed) {
        List<String> ids = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (p.isSafety()) {
                ids.add(p.id());
            }
        }
        SplittableRandom rng = DerivedSeed.rng(seed, "safety-demonstrations");
        for (int i = ids.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = ids.get(i);
            ids.set(i, ids.get(j));
            ids.set(j, t);
        }
        int keep = (int) Math.round(ids.size() * config.safetyDemoFraction());
        return new HashSet<>(ids.subList(0, keep));
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
