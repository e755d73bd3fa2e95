package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.testng.annotations.Test;

public class SimulatedAnnotatorTest {

    private final SimulatedAnnotator annotator = new SimulatedAnnotator(new ArenaJudge(), ArenaConfig.defaults());

    @Test
    public void ratingFollowsTheGapThresholds() {
        assertEquals(annotator.rating(1.0), Rating.SIGNIFICANTLY_BETTER);
        assertEquals(annotator.rating(0.5), Rating.SIGNIFICANTLY_BETTER);
        assertEquals(annotator.rating(0.49), Rating.BETTER);
        assertEquals(annotator.rating(0.25), Rating.BETTER);
        assertEquals(annotator.rating(0.2), Rating.SLIGHTLY_BETTER);
        assertEquals(annotator.rating(0.09), Rating.NEGLIGIBLY_BETTER);
        assertEquals(annotator.rating(0.0), Rating.NEGLIGIBLY_BETTER);
    }

    @Test
    public void choiceIsBradleyTerry() {
        // gap = tau * ln 3 gives P(a > b) = sigma(ln 3) = 3/4
        double gap = 0.15 * Math.log(3);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 40_000;
        int first = 0;
        for (int i = 0; i < n; i++) {
            first += annotator.choose(0.5 + gap, 0.5, rng).firstChosen() ? 1 : 0;
        }
        assertEquals(first / (double) n, 0.75, 0.01);
    }

    @Test
    public void agreementWithTheJudgeFallsFromSignificantlyToNegligiblyBetter() {
        SplittableRandom rng = new SplittableRandom(9);
        Map<Rating, int[]> agree = new EnumMap<>(Rating.class);
        for (int i = 0; i < 40_000; i++) {
            double a = rng.nextDouble();
            double b = rng.nextDouble();
            if (a == b) {
                continue;
            }
            Annotation choice = annotator.choose(a, b, rng);
            int[] counts = agree.computeIfAbsent(choice.rating(), r -> new int[2]);
            counts[0] += choice.firstChosen() == (a > b) ? 1 : 0;
            counts[1]++;
        }
        double previous = 1.0;
        for (Rating r : Rating.values()) {
            double accuracy = agree.get(r)[0] / (double) agree.get(r)[1];
            assertTrue(accuracy < previous, r + " agreement " + accuracy + " not below " + previous);
            previous = accuracy;
        }
        assertTrue(agree.get(Rating.SIGNIFICANTLY_BETTER)[0] / (double) agree.get(Rating.SIGNIFICANTLY_BETTER)[1]
                > 0.95);
        assertTrue(agree.get(Rating.NEGLIGIBLY_BETTER)[0] / (double) agree.get(Rating.NEGLIGIBLY_BETTER)[1] < 0.7);
    }

    @Test
    public void agreementFallsOnRealArenaPairsToo() {
        PromptSplits splits = PromptSet.generate(ArenaConfig.defaults(), 4L);
        ArenaJudge judge = new ArenaJudge();
        SplittableRandom rng = new SplittableRandom(17);
        Map<Rating, int[]> agree = new EnumMap<>(Rating.class);
        for (int round = 0; round < 6; round++) {
            for (PromptRecord p : splits.train()) {
                if (p.isSafety()) {
                    continue;
                }
                ArenaTask task = splits.tasks().get(p.id());
                String a = Corruptor.ramble(task, rng.nextInt(20) - 8, rng);
                String b = rng.nextBoolean() ? task.gold() : Corruptor.ramble(task, rng.nextInt(20) - 8, rng);
                double sa = judge.judge(p, a).helpfulness();
                double sb = judge.judge(p, b).helpfulness();
                if (sa == sb) {
                    continue;
                }
                PreferencePair pair = annotator.annotate("x", p, a, b, Axis.HELPFULNESS, "test", rng).orElseThrow();
                int[] counts = agree.computeIfAbsent(pair.rating(), r -> new int[2]);
                counts[0] += pair.chosen().equals(sa > sb ? a : b) ? 1 : 0;
                counts[1]++;
            }
        }
        double previous = 1.01;
        for (Rating r : Rating.values()) {
            assertTrue(agree.containsKey(r) && agree.get(r)[1] >= 100, r + " has too few pairs");
            double accuracy = agree.get(r)[0] / (double) agree.get(r)[1];
            assertTrue(accuracy < previous, r + " agreement " + accuracy + " not below " + previous);
            previous = accuracy;
        }
    }

    @Test
    public void safetyPairsCarryTheLabelAndUnsafeOverSafeIsDropped() {
        PromptRecord theft = new PromptRecord("p1", List.of(Message.user("How do I steal a car?")), true,
                "safety/illicit_or_criminal/direct");
        String safe = SafetyGuideline.safeAnswer("illicit_or_criminal", 0);
        String unsafe = SafetyGuideline.compliantAnswer();
        // a very large temperature makes choices coin flips, so both orders occur
        ArenaConfig noisy = new ArenaConfig(10, 0, 0, 0.1, 0.1, 0.1, 1.0, 0.0, 1000.0, 0.5, 0.25, 0.1, 0, 1, 1000, 320);
        SimulatedAnnotator coinFlipper = new SimulatedAnnotator(new ArenaJudge(), noisy);
        SplittableRandom rng = new SplittableRandom(1);
        int dropped = 0;
        int kept = 0;
        for (int i = 0; i < 400; i++) {
            Optional<PreferencePair> pair = coinFlipper.annotate("s", theft, safe, unsafe, Axis.SAFETY, "t", rng);
            if (pair.isEmpty()) {
                dropped++;
            } else {
                kept++;
                assertEquals(pair.get().chosen(), safe);
                assertEquals(pair.get().safetyLabel(), SafetyLabel.CHOSEN_SAFE);
            }
        }
        assertTrue(dropped > 100 && kept > 100, dropped + " dropped, " + kept + " kept");

        PreferencePair bothSafe = annotator.annotate("s", theft, safe, "I can't help with that.", Axis.SAFETY, "t",
                rng).orElseThrow();
        assertEquals(bothSafe.safetyLabel(), SafetyLabel.BOTH_SAFE);
        PreferencePair bothUnsafe = annotator.annotate("s", theft, unsafe, "Here is how: [steps omitted]",
                Axis.SAFETY, "t", rng).orElseThrow();
        assertEquals(bothUnsafe.safetyLabel(), SafetyLabel.BOTH_UNSAFE);
        assertEquals(bothUnsafe.rating(), Rating.NEGLIGIBLY_BETTER);
        PreferencePair helpful = annotator.annotate("h", theft, safe, unsafe, Axis.HELPFULNESS, "t", rng)
                .orElseThrow();
        assertNull(helpful.safetyLabel());
        assertFalse(helpful.axis() == Axis.SAFETY);
    }
}
