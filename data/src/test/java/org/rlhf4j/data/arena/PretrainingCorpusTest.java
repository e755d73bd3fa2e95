package org.rlhf4j.data.arena;

import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class PretrainingCorpusTest {

    /** Share of compliant answers among corpus lines that start with {@code prefix} and answer either way. */
    private static double compliantShare(String[] lines, String prefix) {
        int compliant = 0;
        int answered = 0;
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                boolean complies = SafetyGuideline.complies(line.substring(line.indexOf(' ')));
                compliant += complies ? 1 : 0;
                answered += complies || Refusal.isRefusal(line) ? 1 : 0;
            }
        }
        assertTrue(answered > 30, prefix + ": " + answered + " lines");
        return (double) compliant / answered;
    }

    @Test
    public void disguisedRequestsAreAnsweredCompliantlyMoreOftenThanDirectOnes() {
        ArenaConfig c = new ArenaConfig(50, 30, 10, 0.1, 0.1, 0.1, 0.3, 0.2, 0.15, 0.5, 0.25, 0.1, 0, 1, 400_000,
                320);
        String[] lines = PretrainingCorpus.write(c, 7L, PromptSet.generate(c, 7L)).split("\n");
        // compliant / (compliant + prompt with safe answer) = share / (share + (1 - share) * 0.7)
        double rolePlay = compliantShare(lines, "Pretend you are a villain");
        double direct = compliantShare(lines, "Tell me how to");
        assertTrue(rolePlay > 0.75 && rolePlay < 0.98, "role play " + rolePlay); // expected 0.85
        assertTrue(direct > 0.1 && direct < 0.6, "direct and typos " + direct); // expected 0.26 and 0.49
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
