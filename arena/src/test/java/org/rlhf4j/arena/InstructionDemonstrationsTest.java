package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.testng.annotations.Test;

public class InstructionDemonstrationsTest {

    private static final ArenaConfig CONFIG = new ArenaConfig(200, 120, 60, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25,
            0.1, 0, 1, 1000, 320);

    @Test
    public void answersObeyExactlyTheInstructionOfTheirOwnTurn() {
        Arena arena = Arena.build(CONFIG, 5L);
        List<Dialog> demos = InstructionDemonstrations.write(arena.prompts(), 5L);
        assertEquals(demos, InstructionDemonstrations.write(arena.prompts(), 5L), "deterministic");
        int multi = 0;
        int plainAfterInstructed = 0;
        for (Dialog d : demos) {
            List<Message> m = d.messages();
            int first = m.get(0).role() == Role.SYSTEM ? 1 : 0;
            String system = first == 1 ? m.get(0).content() : null;
            multi += (m.size() - first) > 2 ? 1 : 0;
            boolean seenInstruction = false;
            for (int i = first; i < m.size(); i += 2) {
                String user = m.get(i).content();
                String answer = m.get(i + 1).content();
                GattInstruction own = instructionIn(system != null && i == first ? system + " " : user);
                if (own != null) {
                    assertTrue(GattChecker.holds(own, answer), d.id() + ": " + user + " -> " + answer);
                    seenInstruction = true;
                } else {
                    for (GattConstraint c : InstructionDemonstrations.allConstraints()) {
                        if (c.kind().equals("style") && c.value().equals("excited")) {
                            continue; // a plain gold answer may end with '!' by itself
                        }
                        assertFalse(c.holds(answer) && !c.kind().equals("hobby"), d.id() + " " + c + ": " + answer);
                    }
                    plainAfterInstructed += seenInstruction ? 1 : 0;
                }
            }
        }
        assertTrue(multi > 30, "multi-turn demonstrations: " + multi);
        assertTrue(plainAfterInstructed > 10, "plain turns after an instructed one: " + plainAfterInstructed);
    }

    @Test
    public void testDialogsUseOnlyTestQuestions() {
        Arena arena = Arena.build(CONFIG, 5L);
        Set<String> train = new HashSet<>();
        for (PromptRecord p : arena.prompts().train()) {
            train.add(TaskCatalog.lastUserMessage(p));
        }
        List<GattInstruction> test = InstructionDemonstrations.testDialogs(arena.prompts(), 5L);
        assertEquals(test.size(), InstructionDemonstrations.TEST_DIALOGS);
        Set<String> kinds = new HashSet<>();
        for (GattInstruction g : test) {
            assertEquals(g.userTurns().size(), InstructionDemonstrations.TEST_TURNS);
            g.userTurns().forEach(u -> assertFalse(train.contains(u), u));
            g.constraints().forEach(c -> kinds.add(c.kind()));
        }
        assertEquals(kinds, Set.of("style", "figure", "hobby"));
    }

    /** The instruction a text starts with (parsed back from the full or short forms), or null. */
    private static GattInstruction instructionIn(String text) {
        List<GattConstraint> found = new java.util.ArrayList<>();
        for (GattConstraint c : InstructionDemonstrations.allConstraints()) {
            if (text.contains(c.fullText()) || text.contains(c.shortText())) {
                found.add(c);
            }
        }
        return found.isEmpty() ? null : new GattInstruction("x", text, false, found, List.of());
    }
}
