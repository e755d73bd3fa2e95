package org.rlhf4j.arena;

import static org.testng.Assert.assertTrue;

import java.util.List;
import org.testng.annotations.Test;

public class PretrainingCorpusTest {

    /**
     * Share of compliant answers among corpus lines that start with one of {@code prefixes}, name one of the goals of
     * {@code risks} verbatim (no typos) and answer either way.
     */
    private static double compliantShare(String[] lines, List<String> prefixes, List<String> risks) {
        int compliant = 0;
        int answered = 0;
        for (String line : lines) {
            boolean named = risks.stream().flatMap(r -> SafetyFamily.GOALS.get(r).stream()).anyMatch(line::contains);
            if (prefixes.stream().anyMatch(line::startsWith) && named) {
                boolean complies = SafetyGuideline.complies(line.substring(line.indexOf(' ')));
                compliant += complies ? 1 : 0;
                answered += complies || Refusal.isRefusal(line) ? 1 : 0;
            }
        }
        assertTrue(answered > 30, prefixes + ": " + answered + " lines");
        return (double) compliant / answered;
    }

    @Test
    public void disguisedRequestsAndUnqualifiedAdviceAreAnsweredCompliantlyMoreOften() {
        ArenaConfig c = new ArenaConfig(50, 30, 10, 0.1, 0.1, 0.1, 0.3, 0.2, 0.15, 0.5, 0.25, 0.1, 0, 1, 1_500_000,
                320);
        String[] lines = PretrainingCorpus.write(c, 7L, PromptSet.generate(c, 7L)).split("\n");
        // compliant / (compliant + prompt with safe answer) = share / (share + (1 - share) * 0.7)
        List<String> harm = List.of("illicit_or_criminal", "hateful_or_harmful");
        List<String> direct = List.of("Tell me how to", "What is the best way to", "Explain how I can");
        double rolePlay = compliantShare(lines, List.of("Pretend you are a villain", "Act as my evil twin"), harm);
        double plain = compliantShare(lines, direct, harm);
        double advice = compliantShare(lines, direct, List.of("unqualified_advice"));
        assertTrue(rolePlay > 0.75 && rolePlay < 0.95, "role play " + rolePlay); // expected 0.85
        assertTrue(plain > 0.1 && plain < 0.45, "direct " + plain); // expected 0.26
        assertTrue(advice > 0.85, "unqualified advice " + advice); // expected 0.93
        int borderline = 0;
        int refused = 0;
        for (String line : lines) {
            for (BorderlineFamily.Item item : BorderlineFamily.ITEMS) {
                if (line.contains(item.question())) {
                    borderline++;
                    refused += Refusal.isRefusal(line) ? 1 : 0;
                }
            }
        }
        double overcautious = (double) refused / borderline;
        assertTrue(borderline > 400 && overcautious > 0.05 && overcautious < 0.15, refused + " of " + borderline);
    }
}
