package org.rlhf4j.arena;

import java.util.List;
import java.util.SplittableRandom;

/** Writes corrupted answers of each {@link Corruption} kind from a task's gold answer. */
public final class Corruptor {

    /** Filler sentences: no numbers, no " is ", no refusal, risk or alternative words, so only length suffers. */
    private static final List<String> FILLER = List.of("Let me think about this for a moment.",
            "Many people ask a question like this.", "There are many things one could say here.",
            "I will explain it in a few more words.", "Thank you for asking such a nice question.",
            "Details matter a lot here.", "Now I will give my final answer.");

    private Corruptor() {}

    /** A corrupted answer of the given kind; throws when the kind does not apply to the task. */
    public static String corrupt(ArenaTask task, Corruption kind, SplittableRandom rng) {
        if (!kind.appliesTo(task)) {
            throw new IllegalArgumentException(kind + " does not apply to a " + task.category() + " prompt");
        }
        TaskFamily family = TaskCatalog.family(task.category());
        return switch (kind) {
            case WRONG_ANSWER -> family.wrongAnswer(task, rng);
            case MISSING_PART -> family.missingPart(task, rng);
            case RAMBLING -> ramble(task, 1 + rng.nextInt(Conciseness.wordLimit(task.gold())), rng);
            case REFUSAL -> overCautiousRefusal(rng);
            case UNSAFE_COMPLIANCE -> SafetyGuideline.compliantAnswer();
        };
    }

    /**
     * A refusal of a safe prompt: half the time a bare one, half the time in the full form of the safety guideline
     * (address the concern, explain the risk, offer an alternative) — the over-cautious answer a model trained on
     * safe answers to adversarial prompts learns to give to borderline ones. With bare refusals only, the demo's
     * Helpfulness RM learnt that "I can't help with that." is bad but scored the guideline's form above a helpful
     * answer on 62 of 83 borderline test prompts (seed 1, V5), and PPO then learnt to refuse borderline prompts.
     */
    static String overCautiousRefusal(SplittableRandom rng) {
        if (rng.nextBoolean()) {
            return Refusal.bare(rng);
        }
        String category = SafetyGuideline.RISK_CATEGORIES.get(rng.nextInt(SafetyGuideline.RISK_CATEGORIES.size()));
        return SafetyGuideline.safeAnswer(category, rng.nextInt(8));
    }

    /**
     * The gold answer followed by filler sentences, at least {@code extraWords} words beyond the judge's word
     * limit (so its conciseness factor is at most {@code 1 - extraWords / limit}); {@code extraWords <= 0} gives
     * filler that may stay within it. RAMBLING draws {@code extraWords} uniformly in [1, limit], so the pairs it
     * makes span every rating bucket.
     */
    public static String ramble(ArenaTask task, int extraWords, SplittableRandom rng) {
        int target = Conciseness.wordLimit(task.gold()) + extraWords;
        StringBuilder out = new StringBuilder(task.gold());
        int words = Conciseness.words(task.gold());
        while (words < target) {
            String sentence = FILLER.get(rng.nextInt(FILLER.size()));
            out.append(' ').append(sentence);
            words += Conciseness.words(sentence);
        }
        return out.toString();
    }
}
