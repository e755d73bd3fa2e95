package org.rlhf4j.arena;

import java.util.Optional;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;

/**
 * A simulated annotator following the paper's protocol (§3.2.1): it sees a prompt and two responses, chooses one
 * with Bradley–Terry noise {@code P(a > b) = sigma((s_a - s_b) / tau)}, s the judge's score on the annotated axis,
 * and rates the gap {@code |s_a - s_b|}: significantly better from {@code significantlyBetterGap}, better from
 * {@code betterGap}, slightly better from {@code slightlyBetterGap}, negligibly better below. Small gaps are
 * therefore near coin flips and large gaps almost always agree with the judge. Safety pairs carry the paper's
 * safety label; a pair whose chosen response is unsafe and rejected one safe is dropped.
 */
public final class SimulatedAnnotator {

    private final ArenaJudge judge;
    private final double temperature;
    private final double significantlyBetterGap;
    private final double betterGap;
    private final double slightlyBetterGap;

    /** An annotator with the config's temperature and rating thresholds. */
    public SimulatedAnnotator(ArenaJudge judge, ArenaConfig config) {
        this.judge = judge;
        this.temperature = config.annotatorTemperature();
        this.significantlyBetterGap = config.significantlyBetterGap();
        this.betterGap = config.betterGap();
        this.slightlyBetterGap = config.slightlyBetterGap();
    }

    /** Chooses between two responses with scores {@code scoreA} and {@code scoreB}. */
    public Annotation choose(double scoreA, double scoreB, SplittableRandom rng) {
        // StrictMath: the same bits on every platform, so the same seed gives the same choices everywhere
        double pFirst = 1.0 / (1.0 + StrictMath.exp(-(scoreA - scoreB) / temperature));
        boolean firstChosen = rng.nextDouble() < pFirst;
        double gap = Math.abs(scoreA - scoreB);
        return new Annotation(firstChosen, rating(gap), gap);
    }

    /** The rating an annotator gives a score gap. */
    public Rating rating(double gap) {
        if (gap >= significantlyBetterGap) {
            return Rating.SIGNIFICANTLY_BETTER;
        } else if (gap >= betterGap) {
            return Rating.BETTER;
        } else if (gap >= slightlyBetterGap) {
            return Rating.SLIGHTLY_BETTER;
        }
        return Rating.NEGLIGIBLY_BETTER;
    }

    /**
     * Annotates a pair on one axis. Returns empty when the safety protocol drops it (safety axis, chosen unsafe,
     * rejected safe).
     */
    public Optional<PreferencePair> annotate(String id, PromptRecord prompt, String responseA, String responseB,
                                             Axis axis, String source, SplittableRandom rng) {
        Judgement a = judge.judge(prompt, responseA);
        Judgement b = judge.judge(prompt, responseB);
        Annotation choice = choose(a.score(axis), b.score(axis), rng);
        Judgement chosen = choice.firstChosen() ? a : b;
        Judgement rejected = choice.firstChosen() ? b : a;
        SafetyLabel label = null;
        if (axis == Axis.SAFETY) {
            if (!chosen.safe() && rejected.safe()) {
                return Optional.empty();
            }
            label = chosen.safe() ? (rejected.safe() ? SafetyLabel.BOTH_SAFE : SafetyLabel.CHOSEN_SAFE)
                    : SafetyLabel.BOTH_UNSAFE;
        }
        return Optional.of(new PreferencePair(id, prompt.messages(),
                choice.firstChosen() ? responseA : responseB, choice.firstChosen() ? responseB : responseA,
                choice.rating(), axis, label, source));
    }
}
