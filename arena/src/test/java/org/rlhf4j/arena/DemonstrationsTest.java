package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PromptRecord;
import org.testng.annotations.Test;

public class DemonstrationsTest {

    private static ArenaConfig config(double demoErrorRate, double safetyDemoFraction) {
        return config(demoErrorRate, safetyDemoFraction, 0.0);
    }

    private static ArenaConfig config(double demoErrorRate, double safetyDemoFraction, double borderlineRefusalRate) {
        return new ArenaConfig(200, 120, 60, 0.1, 0.1, demoErrorRate, safetyDemoFraction, borderlineRefusalRate, 0.15,
                0.5, 0.25, 0.1, 0, 1, 1000, 320);
    }

    @Test
    public void safetyDemoFractionSetsTheShareOfSafetyPromptsWithADemonstration() {
        for (double fraction : new double[] {0.0, 0.3, 0.55, 1.0}) {
            ArenaConfig c = config(0.1, fraction);
            Arena arena = Arena.build(c, 5L);
            List<PromptRecord> train = arena.prompts().train();
            long safetyTrain = train.stream().filter(PromptRecord::isSafety).count();
            assertEquals(safetyTrain, 96); // 120 - 12 validation - 12 test
            List<Dialog> demos = Demonstrations.write(arena.prompts(), c, 5L);
            Set<String> withDemo = new HashSet<>();
            int safetyDemos = 0;
            for (Dialog d : demos) {
                String id = d.id().substring("sft-".length());
                withDemo.add(id);
                if (d.tags().get("is_safety").equals("true")) {
                    safetyDemos++;
                    assertTrue(arena.judge(arena.prompts().train().stream().filter(p -> p.id().equals(id))
                            .findFirst().orElseThrow(), d.messages().get(1).content()).safe(), d.id());
                }
            }
            assertEquals(safetyDemos, (int) Math.round(96 * fraction), "fraction " + fraction);
            // every non-safety training prompt keeps its demonstration
            for (PromptRecord p : train) {
                if (!p.isSafety()) {
                    assertTrue(withDemo.contains(p.id()), p.id());
                }
            }
            assertEquals(demos.size(), train.size() - 96 + safetyDemos);
        }
    }

    @Test
    public void theSafetySubsetIsAPureFunctionOfConfigAndSeed() {
        ArenaConfig c = config(0.1, 0.3);
        Arena arena = Arena.build(c, 5L);
        Set<String> a = Demonstrations.safetyPromptsWithDemonstration(arena.prompts(), c, 5L);
        assertEquals(Demonstrations.safetyPromptsWithDemonstration(arena.prompts(), c, 5L), a);
        assertTrue(!Demonstrations.safetyPromptsWithDemonstration(arena.prompts(), c, 6L).equals(a));
        assertEquals(Demonstrations.write(arena.prompts(), c, 5L), Demonstrations.write(arena.prompts(), c, 5L));
    }

    @Test
    public void aBorderlineSlipIsANeedlessRefusal() {
        ArenaConfig c = config(1.0, 1.0);
        Arena arena = Arena.build(c, 5L);
        int borderline = 0;
        for (Dialog d : Demonstrations.write(arena.prompts(), c, 5L)) {
            if (d.tags().get("category").equals("borderline")) {
                borderline++;
                assertEquals(d.tags().get("demo_error"), "refusal", d.id());
                assertTrue(Refusal.isRefusal(d.messages().get(1).content()), d.messages().toString());
            }
        }
        assertEquals(borderline, 48); // 60 - 6 validation - 6 test
    }

    @Test
    public void plainRequestsAreLikelierToHaveADemonstrationThanDisguisedOnes() {
        ArenaConfig c = config(0.1, 0.3);
        int[] chosen = new int[2]; // direct or typos, role play or hypothetical (criminal or hateful requests)
        int[] all = new int[2];
        for (long seed = 1; seed <= 5; seed++) {
            Arena arena = Arena.build(c, seed);
            Set<String> ids = Demonstrations.safetyPromptsWithDemonstration(arena.prompts(), c, seed);
            for (PromptRecord p : arena.prompts().train()) {
                List<String> params = arena.prompts().tasks().get(p.id()).parameters();
                if (p.isSafety() && !params.get(0).equals("unqualified_advice")) {
                    String vector = params.get(1);
                    int k = vector.equals("direct") || vector.equals("typos") ? 0
                            : vector.equals("role_play") || vector.equals("hypothetical") ? 1 : -1;
                    if (k >= 0) {
                        all[k]++;
                        chosen[k] += ids.contains(p.id()) ? 1 : 0;
                    }
                }
            }
        }
        int advice = 0;
        int adviceChosen = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Arena arena = Arena.build(c, seed);
            Set<String> ids = Demonstrations.safetyPromptsWithDemonstration(arena.prompts(), c, seed);
            for (PromptRecord p : arena.prompts().train()) {
                if (p.isSafety() && p.category().startsWith("safety/unqualified_advice/")) {
                    advice++;
                    adviceChosen += ids.contains(p.id()) ? 1 : 0;
                }
            }
        }
        // risk weight 0.05: unqualified advice is rarely demonstrated
        assertTrue(advice > 100 && adviceChosen < 0.1 * advice, adviceChosen + " of " + advice);
        double plain = (double) chosen[0] / all[0];
        double disguised = (double) chosen[1] / all[1];
        // weights 1 vs 0.25: the plain share is well above the fraction and at least twice the disguised one
        assertTrue(plain > 0.4 && plain > 2 * disguised, plain + " vs " + disguised);
    }

    @Test
    public void overCautiousWritersRefuseEveryPhrasingOfTheAlarmingQuestions() {
        ArenaConfig c = config(0.0, 1.0, 0.5);
        Set<Integer> alarming = Demonstrations.alarmingBorderlineQuestions(c, 9L);
        assertEquals(alarming.size(), 17); // round(0.5 x 34)
        assertEquals(Demonstrations.alarmingBorderlineQuestions(config(0.0, 1.0, 0.0), 9L).size(), 0);
        Arena arena = Arena.build(c, 9L);
        int borderline = 0;
        int refused = 0;
        for (Dialog d : Demonstrations.write(arena.prompts(), c, 9L)) {
            boolean refusal = d.tags().get("demo_error").equals("refusal");
            if (d.tags().get("category").equals("borderline")) {
                borderline++;
                refused += refusal ? 1 : 0;
                int item = Integer.parseInt(arena.prompts().tasks().get(d.id().substring("sft-".length()))
                        .parameters().get(0));
                assertEquals(refusal, alarming.contains(item), d.id());
                assertEquals(Refusal.isRefusal(d.messages().get(1).content()), refusal, d.id());
            } else {
                assertEquals(d.tags().get("demo_error"), "none", d.id());
            }
        }
        assertEquals(borderline, 48);
        assertTrue(refused > 5 && refused < 43, refused + " of 48 with half the questions alarming");
    }
}
