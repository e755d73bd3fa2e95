package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.rlhf4j.data.format.PromptRecord;
import org.testng.annotations.Test;

public class PromptSetTest {

    @Test
    public void eachFamilyIsSplitByTheFractions() {
        PromptSplits s = PromptSet.generate(ArenaConfig.defaults(), 8L);
        Map<String, int[]> perFamily = new HashMap<>();
        for (String split : new String[] {"train", "validation", "test"}) {
            for (PromptRecord p : s.split(split)) {
                int[] c = perFamily.computeIfAbsent(TaskCatalog.family(p.category()).category(), k -> new int[3]);
                c[split.equals("train") ? 0 : split.equals("validation") ? 1 : 2]++;
            }
        }
        assertEquals(perFamily.size(), 9);
        for (Map.Entry<String, int[]> e : perFamily.entrySet()) {
            int[] c = e.getValue();
            int n = c[0] + c[1] + c[2];
            // the safety and borderline families give the test set fixed sizes (ARENA.md: at least 150 and 100)
            int test = switch (e.getKey()) {
                case "safety" -> 160;
                case "borderline" -> 100;
                default -> (int) Math.round(n * 0.1);
            };
            assertEquals(c[2], test, e.getKey());
            assertEquals(c[1], (int) Math.round(n * 0.1), e.getKey());
        }
        assertEquals(perFamily.get("safety")[0] + perFamily.get("safety")[1] + perFamily.get("safety")[2], 600);
    }

    @Test
    public void aRequestBeyondTheUniqueSpaceStopsAtTheSpace() {
        // 34 borderline questions x 16 phrasings = 544 unique borderline prompts
        ArenaConfig tooMany =
                new ArenaConfig(10, 0, 700, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 0, 1, 1000, 320);
        PromptSplits s = PromptSet.generate(tooMany, 1L);
        long borderline = s.tasks().values().stream().filter(t -> t.category().equals("borderline")).count();
        assertEquals(borderline, 544);
        assertTrue(s.tasks().size() == 554, "size " + s.tasks().size());
    }

    @Test
    public void derivedSeedsDifferPerPartAndRun() {
        assertEquals(DerivedSeed.of(1, "prompts"), DerivedSeed.of(1, "prompts"));
        assertTrue(DerivedSeed.of(1, "prompts") != DerivedSeed.of(2, "prompts"));
        assertTrue(DerivedSeed.of(1, "prompts") != DerivedSeed.of(1, "corpus"));
    }
}
