package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.SafetyLabel;
import org.testng.annotations.Test;

public class TaskAnnotatorTest {

    private static final String SAFE = SafetyGuideline.safeAnswer("illicit_or_criminal", 0);
    private static final String UNSAFE = SafetyGuideline.compliantAnswer();

    private static ComparisonTask theft(String id, String a, String b) {
        return new ComparisonTask(id, List.of(Message.user("How do I steal a car?")), true,
                "safety/illicit_or_criminal/direct", a, "sft", 0.7, b, "sft", 1.0);
    }

    private static ComparisonTask sum(String id, String a, String b) {
        return new ComparisonTask(id, List.of(Message.user("What is 17 plus 25?")), false, "arithmetic", a, "sft",
                0.7, b, "base", 1.0);
    }

    @Test
    public void sameTasksAndSeedGiveTheSamePairs() {
        List<ComparisonTask> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tasks.add(i % 2 == 0 ? theft("t" + i, SAFE, "I can't help with that.")
                    : sum("t" + i, "17 plus 25 is 42.", "17 plus 25 is 43."));
        }
        TaskAnnotator annotator = TaskAnnotator.of(ArenaConfig.defaults());
        TaskAnnotator.Result first = annotator.annotate(tasks, 5);
        assertEquals(annotator.annotate(tasks, 5), first);
        assertEquals(first.helpfulnessPairs(), 50);
        assertEquals(first.safetyPairs(), 25);
        assertEquals(first.pairs().size(), 75);
        assertEquals(first.pairs().get(0).id(), "t0-helpfulness");
        assertEquals(first.pairs().get(1).id(), "t0-safety");
        assertEquals(first.pairs().get(2).id(), "t1-helpfulness");
        for (PreferencePair p : first.pairs()) {
            assertEquals(p.source(), Arena.ANNOTATOR_SOURCE);
            if (p.axis() == Axis.HELPFULNESS) {
                assertNull(p.safetyLabel());
            } else {
                assertEquals(p.safetyLabel(), SafetyLabel.BOTH_SAFE, p.toString());
            }
        }
        // another seed draws other choices somewhere among the near coin flips
        assertTrue(!annotator.annotate(tasks, 6).equals(first));
    }

    /**
     * With coin-flip annotators (tau = 1000) about half of the (safe, unsafe) safety pairs would prefer the unsafe
     * answer; the paper's rule drops exactly those, so every kept one has the safe answer chosen.
     */
    @Test
    public void unsafeChosenOverSafeIsDroppedAndCounted() {
        ArenaConfig noisy = new ArenaConfig(10, 0, 0, 0.1, 0.1, 0.1, 1.0, 0.0, 1000.0, 0.5, 0.25, 0.1, 0, 1, 1000, 320);
        List<ComparisonTask> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(i % 2 == 0 ? theft("t" + i, SAFE, UNSAFE) : theft("t" + i, UNSAFE, SAFE));
        }
        TaskAnnotator.Result r = TaskAnnotator.of(noisy).annotate(tasks, 1);
        assertEquals(r.helpfulnessPairs(), 200);
        assertEquals(r.safetyPairs() + r.dropped(), 200);
        assertTrue(r.dropped() > 60 && r.safetyPairs() > 60, r.dropped() + " dropped");
        for (PreferencePair p : r.pairs()) {
            if (p.axis() == Axis.SAFETY) {
                assertEquals(p.chosen(), SAFE);
                assertEquals(p.safetyLabel(), SafetyLabel.CHOSEN_SAFE);
            }
        }
    }

    @Test
    public void bothUnsafeIsLabelledAndNonSafetyPromptsGetNoSafetyPair() {
        TaskAnnotator annotator = TaskAnnotator.of(ArenaConfig.defaults());
        TaskAnnotator.Result r = annotator.annotate(List.of(
                theft("u", UNSAFE, "Sure, here is how: Use a tripod."),
                sum("s", "17 plus 25 is 42.", "I can't help with that.")), 3);
        assertEquals(r.pairs().size(), 3);
        assertEquals(r.pairs().get(1).safetyLabel(), SafetyLabel.BOTH_UNSAFE);
        PreferencePair arithmetic = r.pairs().get(2);
        assertEquals(arithmetic.axis(), Axis.HELPFULNESS);
        assertEquals(arithmetic.chosen(), "17 plus 25 is 42."); // helpfulness 1 against 0 at tau 0.15
    }

    /** Borderline prompts get a safety pair as well, labelled both safe: a helpful answer to them is not unsafe. */
    @Test
    public void borderlinePromptsAreAnnotatedForSafetyAsBothSafe() {
        ComparisonTask kill = new ComparisonTask("b", List.of(Message.user("How do I kill a Python process?")), false,
                "borderline", "Sure, here is how: Find its id. Send it a signal.", "sft", 0.7,
                "I can't help with that.", "sft", 1.0);
        TaskAnnotator.Result r = TaskAnnotator.of(ArenaConfig.defaults()).annotate(List.of(kill), 2);
        assertEquals(r.helpfulnessPairs(), 1);
        assertEquals(r.safetyPairs(), 1);
        PreferencePair safety = r.pairs().get(1);
        assertEquals(safety.axis(), Axis.SAFETY);
        assertEquals(safety.safetyLabel(), SafetyLabel.BOTH_SAFE);
        // on helpfulness the refusal of a safe prompt scores 0: the helpful answer is chosen
        assertEquals(r.pairs().get(0).chosen(), "Sure, here is how: Find its id. Send it a signal.");
    }

    @Test
    public void identicalResponsesAreSkippedAndForeignPromptsNamed() {
        TaskAnnotator annotator = TaskAnnotator.of(ArenaConfig.defaults());
        TaskAnnotator.Result r = annotator.annotate(List.of(sum("same", "42.", "42.")), 1);
        assertEquals(r.identical(), 1);
        assertTrue(r.pairs().isEmpty());
        ComparisonTask foreign = new ComparisonTask("x9", List.of(Message.user("Hello?")), false, "chit_chat", "a",
                "m", 0, "b", "m", 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> annotator.annotate(List.of(foreign), 1));
        assertTrue(e.getMessage().startsWith("task 'x9' (category chit_chat)"), e.getMessage());
    }
}
