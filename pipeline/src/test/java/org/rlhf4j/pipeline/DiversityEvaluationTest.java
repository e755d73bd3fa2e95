package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.testng.annotations.Test;

/** Which test prompts the diversity evaluation samples, and what its config rejects. */
public class DiversityEvaluationTest {

    private static PromptRecord prompt(String id, String category) {
        return new PromptRecord(id, List.of(new Message(Role.USER, "q " + id)), false, category);
    }

    @Test
    public void takesTheFirstPromptsOfEachKindInFileOrder() {
        List<PromptRecord> prompts = List.of(prompt("a", "arithmetic"), prompt("b", "rhyme"), prompt("c", "capital"),
                prompt("d", "borderline"), prompt("e", "rhyme"), prompt("f", "arithmetic"), prompt("g", "rhyme"));
        DiversityConfig config = new DiversityConfig(List.of(1.0), 2, List.of("rhyme"),
                List.of("capital", "arithmetic"), 2, 8);
        Map<String, List<PromptRecord>> byKind = DiversityEvaluation.promptsByKind(prompts, config);
        assertEquals(byKind.keySet().stream().toList(), DiversityEvaluation.KINDS);
        assertEquals(byKind.get("creative").stream().map(PromptRecord::id).toList(), List.of("b", "e"));
        assertEquals(byKind.get("factual").stream().map(PromptRecord::id).toList(), List.of("a", "c"));
        DiversityConfig all = new DiversityConfig(List.of(1.0), 2, List.of("rhyme"), List.of("capital"), 0, 8);
        assertEquals(DiversityEvaluation.promptsByKind(prompts, all).get("creative").size(), 3, "0 = all");
        // a split without poem prompts: the creative kind is left out
        assertEquals(DiversityEvaluation.promptsByKind(prompts.subList(0, 1), config).keySet(),
                java.util.Set.of("factual"));
    }

    @Test
    public void configRejectsWhatSelfBleuCannotMeasure() {
        assertThrows(IllegalArgumentException.class, () -> new DiversityConfig(List.of(1.0), 1, List.of("rhyme"),
                List.of("capital"), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new DiversityConfig(List.of(0.0), 2, List.of("rhyme"),
                List.of("capital"), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new DiversityConfig(List.of(1.0), 2, List.of("rhyme"),
                List.of("rhyme"), 0, 8));
        assertEquals(DiversityConfig.llama2().temperatures().size(), 15);
        assertEquals(DiversityConfig.llama2().samplesPerPrompt(), 25);
    }
}
