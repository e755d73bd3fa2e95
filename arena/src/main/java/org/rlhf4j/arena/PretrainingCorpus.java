package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The plain-text pretraining corpus of the arena's world (ARENA.md item 7): questions with answers, bare facts,
 * spellings letter by letter, rhymes, refusals and compliant (placeholder) answers alike (compliance more often
 * for disguised attack vectors, {@link #COMPLIANT_SHARE}, and mostly for unqualified advice,
 * {@link #ADVICE_COMPLIANT_SHARE}; some needless refusals of borderline questions,
 * {@link #OVERCAUTIOUS_SHARE}), GAtt-style answers; no
 * chat template. One document per line (a rhyme spans two). Grows until it reaches {@code corpusBytes}. Documents
 * built from a validation or test prompt are left out, so the evaluation questions are unseen in pretraining (the
 * facts behind them, e.g. "Paris is the capital of France.", still occur).
 */
public final class PretrainingCorpus {

    /**
     * Share of the corpus's safety documents, per attack vector, in which the request is answered compliantly:
     * the web text the base model learns from complies more often with disguised requests (role play, stories,
     * false premises) than with direct ones, so these vectors stay risky after SFT.
     */
    static final Map<String, Double> COMPLIANT_SHARE = Map.of("direct", 0.2, "typos", 0.4, "false_premise", 0.6,
            "hypothetical", 0.8, "role_play", 0.8);

    /**
     * Share of the corpus's unqualified-advice documents, whatever the attack vector, in which the request is answered
     * compliantly: forums hand out medical, legal and money advice freely, so the base model has mostly seen it given.
     */
    static final double ADVICE_COMPLIANT_SHARE = 0.9;

    /** Share of the corpus's borderline documents in which an over-cautious writer refuses the safe question. */
    static final double OVERCAUTIOUS_SHARE = 0.1;

    private PretrainingCorpus() {}

    /** The corpus text, without documents built from the validation and test prompts of {@code prompts}. */
    public static String write(ArenaConfig config, long seed, PromptSplits prompts) {
        Set<String> heldOut = new HashSet<>();
        for (PromptRecord p : prompts.validation()) {
            heldOut.add(TaskCatalog.lastUserMessage(p));
        }
        for (PromptRecord p : prompts.test()) {
            heldOut.add(TaskCatalog.lastUserMessage(p));
        }
        SplittableRandom rng = DerivedSeed.rng(seed, "corpus");
        StringBuilder out = new StringBuilder(config.corpusBytes() + 256);
        while (out.length() < config.corpusBytes()) {
            String doc = document(rng, heldOut);
            if (doc != null) {
                out.append(doc).append('\n');
            }
        }
        return out.toString();
    }

    /** One document, or null when it was drawn from a held-out prompt. */
    private static String document(SplittableRandom rng, Set<String> heldOut) {
        int r = rng.nextInt(100);
        if (r < 50) {
            ArenaTask t = helpfulness(rng);
            boolean withQuestion = rng.nextBoolean();
            if (containsHeldOut(t.prompt(), heldOut)) {
                return null;
            }
            return withQuestion ? t.prompt() + " " + t.gold() : t.gold();
        } else if (r < 60) {
            ArenaTask t = TaskCatalog.SAFETY.sample(rng);
            if (containsHeldOut(t.prompt(), heldOut)) {
                return null;
            }
            double u = rng.nextDouble();
            double compliant = t.parameters().get(0).equals("unqualified_advice") ? ADVICE_COMPLIANT_SHARE
                    : COMPLIANT_SHARE.get(t.parameters().get(1));
            if (u < compliant) {
                return t.prompt() + " " + SafetyGuideline.compliantAnswer();
            }
            return u < compliant + (1 - compliant) * 0.7 ? t.prompt() + " " + t.gold() : t.gold();
        } else if (r < 67) {
            ArenaTask t = TaskCatalog.BORDERLINE.sample(rng);
            if (containsHeldOut(t.prompt(), heldOut)) {
                return null;
            }
            return rng.nextDouble() < OVERCAUTIOUS_SHARE ? t.prompt() + " " + Refusal.bare(rng)
                    : t.prompt() + " " + t.gold();
        } else if (r < 77) {
            return gattStyle(rng);
        }
        return fact(rng);
    }

    /**
     * Whether {@code prompt} is a held-out prompt or holds one (a role-play or hypothetical wrapper around a direct
     * request that is in the test split): any sentence run starting at a word and ending at ?, . or ! counts.
     */
    static boolean containsHeldOut(String prompt, Set<String> heldOut) {
        if (heldOut.contains(prompt)) {
            return true;
        }
        for (int start = 0; start < prompt.length(); start++) {
            if (start > 0 && !Character.isWhitespace(prompt.charAt(start - 1))) {
                continue;
            }
            for (int end = start; end < prompt.length(); end++) {
                char c = prompt.charAt(end);
                if ((c == '?' || c == '.' || c == '!') && heldOut.contains(prompt.substring(start, end + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ArenaTask helpfulness(SplittableRandom rng) {
        int total = 0;
        for (int w : TaskCatalog.HELPFULNESS_WEIGHTS) {
            total += w;
        }
        int r = rng.nextInt(total);
        int f = 0;
        while (r >= TaskCatalog.HELPFULNESS_WEIGHTS[f]) {
            r -= TaskCatalog.HELPFULNESS_WEIGHTS[f++];
        }
        return TaskCatalog.HELPFULNESS.get(f).sample(rng);
    }

    private static String gattStyle(SplittableRandom rng) {
        String kind = List.of("style", "figure", "hobby").get(rng.nextInt(3));
        List<String> values = switch (kind) {
            case "style" -> GattConstraint.STYLES;
            case "figure" -> GattConstraint.FIGURES;
            default -> GattConstraint.HOBBIES;
        };
        GattConstraint c = new GattConstraint(kind, values.get(rng.nextInt(values.size())));
        String instruction = rng.nextBoolean() ? c.fullText() : c.shortText();
        return instruction + " " + c.enforce(helpfulness(rng).gold());
    }

    private static String fact(SplittableRandom rng) {
        switch (rng.nextInt(5)) {
            case 0 -> {
                String w = SpellingWords.WORDS.get(rng.nextInt(SpellingWords.WORDS.size()));
                return w + " is spelled " + String.join(" ", w.split("")) + ".";
            }
            case 1 -> {
                String w = SpellingWords.WORDS.get(rng.nextInt(SpellingWords.WORDS.size()));
                String rev = new StringBuilder(w).reverse().toString();
                return rev + " is spelled " + String.join(" ", rev.split("")) + ", which is " + w + " backwards.";
            }
            case 2 -> {
                List<String> cats = new ArrayList<>(ListFamily.MEMBERS.keySet());
                String cat = cats.get(rng.nextInt(cats.size()));
                List<String> members = ListFamily.MEMBERS.get(cat);
                return "Examples of " + cat + ": " + String.join(", ", members) + ".";
            }
            case 3 -> {
                List<String> groups = new ArrayList<>(RhymeTable.WORDS.keySet());
                List<String> words = RhymeTable.WORDS.get(groups.get(rng.nextInt(groups.size())));
                return words.get(rng.nextInt(words.size())) + " rhymes with " + words.get(rng.nextInt(words.size()))
                        + ".";
            }
            default -> {
                List<Map.Entry<String, String>> entries = new ArrayList<>(CapitalFamily.CAPITALS.entrySet());
                Map.Entry<String, String> e = entries.get(rng.nextInt(entries.size()));
                return e.getValue() + " is the capital of " + e.getKey() + ".";
            }
        }
    }
}
