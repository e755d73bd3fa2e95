package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.util.List;
import org.testng.annotations.Test;

public class GattCheckerTest {

    private static GattInstruction instruction(GattConstraint... constraints) {
        return new GattInstruction("g", "text", false, List.of(constraints), List.of());
    }

    @Test
    public void handWrittenAnswers() {
        GattInstruction pirate = instruction(new GattConstraint("figure", "pirate"));
        assertTrue(GattChecker.holds(pirate, "Arr! The capital of France is Paris."));
        assertFalse(GattChecker.holds(pirate, "The capital of France is Paris. Arr!"));

        GattInstruction upper = instruction(new GattConstraint("style", "uppercase"));
        assertTrue(GattChecker.holds(upper, "THE CAPITAL OF FRANCE IS PARIS."));
        assertFalse(GattChecker.holds(upper, "THE CAPITAL OF FRANCE IS Paris."));
        assertFalse(GattChecker.holds(upper, "42."));

        GattInstruction excited = instruction(new GattConstraint("style", "excited"));
        assertTrue(GattChecker.holds(excited, "54 is larger than 45!"));
        assertFalse(GattChecker.holds(excited, "54 is larger than 45."));
        assertEquals(excited.enforce("What a day."), "What a day!");

        GattInstruction chess = instruction(new GattConstraint("hobby", "chess"));
        assertTrue(GattChecker.holds(chess, "17 plus 25 is 42. I love chess."));
        assertFalse(GattChecker.holds(chess, "17 plus 25 is 42. I love chessboards."));

        GattInstruction both = instruction(new GattConstraint("style", "uppercase"),
                new GattConstraint("figure", "pirate"));
        assertTrue(GattChecker.holds(both, "ARR! 54 IS LARGER THAN 45."));
        assertFalse(GattChecker.holds(both, "Arr! 54 is larger than 45."));
        assertEquals(both.enforce("54 is larger than 45."), "ARR! 54 IS LARGER THAN 45.");
    }

    @Test
    public void fullAndShortForms() {
        assertEquals(new GattConstraint("style", "uppercase").fullText(), "Always answer in uppercase.");
        assertEquals(new GattConstraint("style", "uppercase").shortText(), "Style: uppercase.");
        assertEquals(new GattConstraint("figure", "pirate").fullText(),
                "Act as a pirate: begin every answer with 'Arr!'");
        assertEquals(new GattConstraint("figure", "pirate").shortText(), "Figure: pirate.");
        assertEquals(new GattConstraint("hobby", "chess").fullText(), "You love chess; mention it in every answer.");
        assertEquals(new GattConstraint("hobby", "chess").shortText(), "Hobby: chess.");
        assertEquals(new GattConstraint("style", "excited").shortText(), "Style: excited.");
        assertThrows(IllegalArgumentException.class, () -> new GattConstraint("hobby", "napoleon"));
        assertThrows(IllegalArgumentException.class, () -> new GattConstraint("mood", "happy"));
    }

    @Test
    public void sampledInstructionsAcceptCompliantAndRejectNonCompliantAnswers() {
        ArenaConfig config = ArenaConfig.defaults();
        PromptSplits splits = PromptSet.generate(config, 2L);
        List<GattInstruction> instructions = GattInstructionSampler.sample(splits, config, 2L);
        assertEquals(instructions.size(), 200);
        int shortened = 0;
        int two = 0;
        String answer = "The capital of France is Paris.";
        for (GattInstruction g : instructions) {
            shortened += g.shortened() ? 1 : 0;
            two += g.constraints().size() == 2 ? 1 : 0;
            assertTrue(g.constraints().size() == 1 || g.constraints().size() == 2, g.id());
            assertEquals(g.constraints().stream().map(GattConstraint::kind).distinct().count(),
                    g.constraints().size(), g.id());
            assertEquals(g.userTurns().size(), 4);
            assertTrue(GattChecker.holds(g, g.enforce(answer)), g.id() + ": " + g.enforce(answer));
            // the plain answer is mixed case, names no hobby and has no greeting: it breaks every constraint
            assertFalse(GattChecker.holds(g, answer), g.id());
            for (String turn : g.userTurns()) {
                String gold = TaskCatalog.task(new org.rlhf4j.data.format.PromptRecord("t",
                        List.of(org.rlhf4j.data.format.Message.user(turn)), false, categoryOf(splits, turn))).gold();
                assertTrue(GattChecker.holds(g, g.enforce(gold)), g.id() + ": " + g.enforce(gold));
            }
        }
        assertTrue(shortened > 70 && shortened < 130, "shortened " + shortened);
        assertTrue(two > 70 && two < 130, "two constraints " + two);
    }

    private static String categoryOf(PromptSplits splits, String text) {
        for (ArenaTask t : splits.tasks().values()) {
            if (t.prompt().equals(text)) {
                return t.category();
            }
        }
        throw new AssertionError("turn not from the prompts: " + text);
    }
}
