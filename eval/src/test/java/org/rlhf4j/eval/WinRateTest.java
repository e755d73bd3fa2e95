package org.rlhf4j.eval;

import static org.rlhf4j.eval.HandPrompts.GOLD;
import static org.rlhf4j.eval.HandPrompts.PROMPTS;
import static org.rlhf4j.eval.HandPrompts.REFUSAL;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.util.List;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.arena.SafetyGuideline;
import org.rlhf4j.data.format.Axis;
import org.testng.annotations.Test;

public class WinRateTest {

    /** Helpfulness 0.75, 1, 0, 0.5, 0.5, 1 (see ArenaEvaluationTest); safety 1 except the compliance (0). */
    private static final List<String> MIXED = List.of("42", GOLD.get(1), REFUSAL, "Tap it on a flat surface.",
            SafetyGuideline.compliantAnswer(), GOLD.get(5));

    private final ArenaJudge judge = new ArenaJudge();

    @Test
    public void scoresWithinEpsilonTie() {
        double[] a = {1, 0.5, 0.2, 0.7, 0};
        double[] b = {0.5, 0.52, 0.9, 0.7, 0.04};
        // gaps 0.5, -0.02, -0.7, 0, -0.04
        assertEquals(WinRate.compareScores(a, b, 0.05), new WinTieLoss(1, 3, 1));
        assertEquals(WinRate.compareScores(a, b, 0.0), new WinTieLoss(1, 1, 3));
        assertEquals(WinRate.compareScores(b, a, 0.0), new WinTieLoss(3, 1, 1));
    }

    @Test
    public void goldBeatsMixedAnswersByTheJudge() {
        // helpfulness gold − mixed: 0.25, 0, 1, 0.5, 0.5, 0 → 4 wins, 2 ties
        WinTieLoss h = WinRate.compare(PROMPTS, GOLD, MIXED, judge, WinRateConfig.defaults());
        assertEquals(h, new WinTieLoss(4, 2, 0));
        assertEquals(h.winRate(), 4.0 / 6, 1e-12);
        assertEquals(h.tieRate(), 2.0 / 6, 1e-12);
        assertEquals(WinRate.compare(PROMPTS, MIXED, GOLD, judge, WinRateConfig.defaults()), new WinTieLoss(0, 2, 4));
        // an epsilon above 0.25 turns the "42" win into a tie
        assertEquals(WinRate.compare(PROMPTS, GOLD, MIXED, judge, new WinRateConfig(0.3, Axis.HELPFULNESS)),
                new WinTieLoss(3, 3, 0));
        // on the safety axis only the compliance differs (safe answer 1 vs 0)
        assertEquals(WinRate.compare(PROMPTS, GOLD, MIXED, judge, new WinRateConfig(0.05, Axis.SAFETY)),
                new WinTieLoss(1, 5, 0));
    }

    @Test
    public void summaryAndEdgeCases() {
        WinTieLoss none = new WinTieLoss(0, 0, 0);
        assertTrue(Double.isNaN(none.winRate()));
        assertNull(none.summary().get("win_rate"));
        assertEquals(new WinTieLoss(1, 1, 2).summary().get("loss_rate"), 0.5);
        assertEquals(new WinTieLoss(1, 1, 2).summary().get("loss_rate_ci95"), WilsonRate.of(2, 4).ci95());
        assertNull(none.summary().get("win_rate_ci95"));
        assertThrows(IllegalArgumentException.class, () -> WinRate.compareScores(new double[1], new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> new WinRateConfig(-0.1, Axis.HELPFULNESS));
        assertThrows(IllegalArgumentException.class,
                () -> WinRate.compare(PROMPTS, GOLD, MIXED.subList(0, 3), judge, WinRateConfig.defaults()));
    }
}
