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
    public void fineTuneDataMixesTwoFilesAndNamesABadLine() throws Exception {
        Path dir = Files.createTempDirectory("sft-replay");
        Path selections = dir.resolve("selections.jsonl");
        Path demos = dir.resolve("demos.jsonl");
        JsonlWriter.write(selections, RecordKind.DIALOGS, dialogs("s", 2));
        JsonlWriter.write(demos, RecordKind.DIALOGS, dialogs("d", 5));
        Path out = dir.resolve("fine-tune.jsonl");
        RejectionSamplingConfig config = TinyStage.config(9).withReplay(1.0, 1.0);
        assertEquals(RejectionSampling.fineTuneData(selections, demos, null, null, config, 5L, out), 2);
        List<Dialog> written = JsonlReader.readAll(out, RecordKind.DIALOGS);
        assertEquals(written, SftReplay.mix(dialogs("s", 2), dialogs("d", 5), 1.0, 5L));
        assertEquals(RejectionSampling.fineTuneData(selections, null, null, null, config, 5L, out), 0);
        assertEquals(JsonlReader.readAll(out, RecordKind.DIALOGS), dialogs("s", 2));
        Files.writeString(demos, Files.readString(demos) + "{\"id\": \"d9\", \"messages\": 3}\n");
        DataFormatException e = expectThrows(DataFormatException.class,
                () -> RejectionSampling.fineTuneData(selections, demos, null, null, config, 5L, out));
        assertTrue(e.getMessage().contains("demos.jsonl:6"), e.getMessage());
    }
}
