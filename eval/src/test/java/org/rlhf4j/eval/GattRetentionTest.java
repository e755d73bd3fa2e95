package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.rlhf4j.arena.GattConstraint;
import org.rlhf4j.arena.GattInstruction;
import org.testng.annotations.Test;

public class GattRetentionTest {

    static final GattInstruction PIRATE = new GattInstruction("a", "Figure: pirate.", true,
            List.of(new GattConstraint("figure", "pirate")), List.of("q1", "q2", "q3"));
    static final GattInstruction CHESS_UPPER = new GattInstruction("b", "Hobby: chess. Style: uppercase.", true,
            List.of(new GattConstraint("hobby", "chess"), new GattConstraint("style", "uppercase")),
            List.of("q1", "q2", "q3"));

    @Test
    public void retentionAtEachTurnIsTheShareOfAnswersThatObey() {
        List<List<String>> answers = List.of(
                List.of("Arr! 5.", "Arr! An apple.", "tac."),  // drifts at turn 3
                List.of("I LOVE CHESS. 5.", "5, chess.")); // drifts at turn 2, stops (context) before turn 3
        List<RetentionCurve> curves = GattRetention.tally("m", List.of(PIRATE, CHESS_UPPER), answers, 3,
                Set.of("hobby"));
        assertEquals(curves.size(), 3);
        RetentionCurve all = curves.get(0);
        assertEquals(all.group(), "all");
        assertEquals(all.dialogs(), new int[] {2, 2, 1});
        assertEquals(all.followed(), new int[] {2, 1, 0});
        assertEquals(all.retention(2), 0.5);
        RetentionCurve seen = curves.get(1);
        assertEquals(seen.dialogs(), new int[] {1, 1, 1});
        assertEquals(seen.followed(), new int[] {1, 1, 0});
        RetentionCurve heldOut = curves.get(2);
        assertEquals(heldOut.group(), "held_out");
        assertEquals(heldOut.dialogs(), new int[] {1, 1, 0});
        assertEquals(heldOut.followed(), new int[] {1, 0, 0});
        assertTrue(Double.isNaN(heldOut.retention(3)));

        String table = GattRetention.table(curves);
        assertTrue(table.contains("50.0% (1/2)"), table);
        assertTrue(table.lines().count() == 4, table);
    }

    @Test
    public void wilsonIntervalMatchesTheHandComputedValue() {
        // 8 of 10, z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10), half-width z·sqrt(0.016 + z²/400)/(1 + z²/10)
        RetentionCurve c = new RetentionCurve("m", "all", new int[] {10}, new int[] {8});
        ConfidenceInterval ci = c.wilson95(1);
        double z = 1.959963984540054;
        double denom = 1 + z * z / 10;
        double centre = (0.8 + z * z / 20) / denom;
        double half = z * Math.sqrt(0.8 * 0.2 / 10 + z * z / 400) / denom;
        assertEquals(ci.getLowerBound(), centre - half, 1e-9);
        assertEquals(ci.getUpperBound(), centre + half, 1e-9);
    }

    @Test
    public void thePlotIsAPng() throws Exception {
        Path png = Files.createTempDirectory("retention").resolve(RetentionPlot.FILE_NAME);
        RetentionPlot.write(png, List.of(new RetentionCurve("m", "all", new int[] {4, 4}, new int[] {4, 1})));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
}
