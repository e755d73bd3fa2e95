package org.rlhf4j.rejectionsampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.testng.annotations.Test;

public class SftReplayTest {

    private static List<Dialog> dialogs(String prefix, int n) {
        List<Dialog> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Dialog(prefix + i, List.of(Message.user("question " + prefix + i),
                    Message.assistant("answer " + prefix + i)), Map.of()));
        }
        return out;
    }

    @Test
    public void zeroReplaysNothing() {
        List<Dialog> selections = dialogs("s", 4);
        assertEquals(SftReplay.mix(selections, dialogs("d", 10), 0.0, 1L), selections);
    }

    @Test
    public void ratioTimesSelectionsAreDrawnWithoutReplacementAfterTheSelections() {
        List<Dialog> selections = dialogs("s", 4);
        List<Dialog> demos = dialogs("d", 10);
        List<Dialog> mixed = SftReplay.mix(selections, demos, 0.5, 7L);
        assertEquals(mixed.size(), 6, "round(0.5 x 4) = 2 demonstrations");
        assertEquals(mixed.subList(0, 4), selections, "every selection, first, in order");
        List<Dialog> replayed = mixed.subList(4, 6);
        assertTrue(demos.containsAll(replayed));
        assertNotEquals(replayed.get(0), replayed.get(1));
        assertTrue(demos.indexOf(replayed.get(0)) < demos.indexOf(replayed.get(1)), "file order");
        assertEquals(SftReplay.mix(selections, demos, 0.5, 7L), mixed, "same seed, same mixture");
        assertEquals(SftReplay.mix(selections, demos, 1.5, 3L).size(), 4 + 6, "round(1.5 x 4) = 6");
    }

    @Test
    public void moreThanAllDemonstrationsReplaysEachOnce() {
        List<Dialog> mixed = SftReplay.mix(dialogs("s", 3), dialogs("d", 2), 10.0, 1L);
        assertEquals(mixed.size(), 5);
        assertEquals(new HashSet<>(mixed).size(), 5);
    }

    /** Each demonstration is drawn with probability wanted / n: 3 of 10 over 20,000 seeds, 6,000 ± 4% each. */
    @Test
    public void theDrawIsUniform() {
        List<Dialog> selections = dialogs("s", 3);
        List<Dialog> demos = dialogs("d", 10);
        int[] counts = new int[10];
        int seeds = 20_000;
        for (long seed = 0; seed < seeds; seed++) {
            for (Dialog d : SftReplay.mix(selections, demos, 1.0, seed).subList(3, 6)) {
                counts[demos.indexOf(d)]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            assertEquals(counts[i], seeds * 3 / 10.0, seeds * 3 / 10.0 * 0.04, "demonstration " + i);
        }
    }

    @Test
    public void aReplayedIdThatIsAlsoASelectionIsRejected() {
        List<Dialog> selections = dialogs("x", 2);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> SftReplay.mix(selections, dialogs("x", 2), 1.0, 1L));
        assertTrue(e.getMessage().contains("'x"), e.getMessage());
    }

    @Test
    public void negativeOrInfiniteRatiosAreRejected() {
        expectThrows(IllegalArgumentException.class, () -> SftReplay.mix(dialogs("s", 1), dialogs("d", 1), -1, 1L));
        expectThrows(IllegalArgumentException.class,
                () -> SftReplay.mix(dialogs("s", 1), dialogs("d", 1), Double.POSITIVE_INFINITY, 1L));
    }

    @Test
    public void writeMixesTwoFilesAndNamesABadLine() throws Exception {
        Path dir = Files.createTempDirectory("sft-replay");
        Path selections = dir.resolve("selections.jsonl");
        Path demos = dir.resolve("demos.jsonl");
        JsonlWriter.write(selections, RecordKind.DIALOGS, dialogs("s", 2));
        JsonlWriter.write(demos, RecordKind.DIALOGS, dialogs("d", 5));
        Path out = dir.resolve("fine-tune.jsonl");
        assertEquals(SftReplay.write(selections, demos, 1.0, 5L, out), 2);
        List<Dialog> written = JsonlReader.readAll(out, RecordKind.DIALOGS);
        assertEquals(written, SftReplay.mix(dialogs("s", 2), dialogs("d", 5), 1.0, 5L));
        assertEquals(SftReplay.write(selections, null, 1.0, 5L, out), 0);
        assertEquals(JsonlReader.readAll(out, RecordKind.DIALOGS), dialogs("s", 2));
        Files.writeString(demos, Files.readString(demos) + "{\"id\": \"d9\", \"messages\": 3}\n");
        DataFormatException e = expectThrows(DataFormatException.class,
                () -> SftReplay.write(selections, demos, 1.0, 5L, out));
        assertTrue(e.getMessage().contains("demos.jsonl:6"), e.getMessage());
    }
    @Test
    public void eligibleKeepsTheHighestRewardsOfEachBranchInFileOrder() {
        List<Dialog> demos = dialogs("d", 7);
        // Helpfulness branch: d0 (-1), d1 (3), d3 (0.5), d4 (3, ties d1), d6 (-5); safety branch: d2 (10), d5 (-10).
        float[] rewards = {-1f, 3f, 10f, 0.5f, 3f, -10f, -5f};
        boolean[] safety = {false, false, true, false, false, true, false};
        // ceil(0.5 x 5) = 3 of the helpfulness branch (d1, d4, d3), ceil(0.5 x 2) = 1 of the safety branch (d2):
        // the Safety RM's 10 is not compared with the Helpfulness RM's scores.
        assertEquals(SftReplay.eligible(demos, rewards, safety, 0.5),
                List.of(demos.get(1), demos.get(2), demos.get(3), demos.get(4)));
        // ceil(0.2 x 5) = 1: of d1 and d4 (equal rewards) the earlier stays.
        assertEquals(SftReplay.eligible(demos, rewards, safety, 0.2), List.of(demos.get(1), demos.get(2)));
        assertEquals(SftReplay.eligible(demos, rewards, safety, 1.0), demos, "keep 1: every demonstration");
    }

    @Test
    public void eligibleRejectsABadShareOrMismatchedArrays() {
        List<Dialog> demos = dialogs("d", 2);
        float[] rewards = {1f, 2f};
        boolean[] safety = {false, false};
        for (double keep : new double[] {0.0, -0.1, 1.01, Double.NaN}) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                    () -> SftReplay.eligible(demos, rewards, safety, keep));
            assertTrue(e.getMessage().contains("sft_replay_keep"), e.getMessage());
        }
        expectThrows(IllegalArgumentException.class,
                () -> SftReplay.eligible(demos, new float[] {1f}, safety, 0.5));
    }
}
