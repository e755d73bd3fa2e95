package org.rlhf4j.data.split;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.ErrorPolicy;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.testng.annotations.Test;

public class PromptSplitterTest {

    private static final PromptSplitter DEFAULT = new PromptSplitter(SplitConfig.defaults());

    private static List<Message> user(String... texts) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            messages.add(Message.user(texts[i]));
            if (i + 1 < texts.length) {
                messages.add(Message.assistant("answer " + i));
            }
        }
        return messages;
    }

    /** Hashes and splits computed independently (Python hashlib over the same normalised key). */
    @Test
    public void pinsHandCheckedAssignments() {
        assertEquals(PromptSplitter.promptKey(user("  What IS\t2+2?\n")), "what is 2+2?");
        assertEquals(PromptSplitter.promptHash(user("What is 2+2?")), 0x61a3385003d9b9d3L);
        assertEquals(PromptSplitter.promptHash(user("a", "b")), 0x7e18f737311b2dc3L);
        assertEquals(PromptSplitter.promptHash(user("prompt 10")), 0xf38df372a2b2ca0eL);
        assertEquals(PromptSplitter.unitInterval(0xf38df372a2b2ca0eL), 0.9513847498771596, 1e-15);
        assertEquals(DEFAULT.assign(user("What is 2+2?")), Split.TRAIN);   // u = 0.3814
        assertEquals(DEFAULT.assign(user("prompt 27")), Split.VALIDATION); // u = 0.8944
        assertEquals(DEFAULT.assign(user("prompt 49")), Split.VALIDATION); // u = 0.8752
        assertEquals(DEFAULT.assign(user("prompt 10")), Split.TEST);       // u = 0.9514
        assertEquals(DEFAULT.assign(user("prompt 11")), Split.TEST);       // u = 0.9431
        // With train = 0.9 the u = 0.8944 prompt moves to train; only the thresholds moved.
        assertEquals(new PromptSplitter(new SplitConfig(0.9, 0.05, 0.05)).assign(user("prompt 27")), Split.TRAIN);
    }

    @Test
    public void samePromptTextLandsInTheSameSplitWhateverElseDiffers() {
        List<Message> plain = user("How do I bake bread?");
        List<Message> dressed = new ArrayList<>(List.of(Message.system("You are a baker."),
                Message.user("how do  I bake BREAD?  ")));
        assertEquals(PromptSplitter.promptKey(dressed), PromptSplitter.promptKey(plain));
        for (int i = 0; i < 200; i++) {
            List<Message> prompt = user("question number " + i);
            PreferencePair a = new PreferencePair("id-a-" + i, prompt, "x", "y", Rating.BETTER, Axis.HELPFULNESS,
                    null, "s");
            PromptRecord b = new PromptRecord("other-" + i, prompt, false, "c");
            assertEquals(DEFAULT.assign(RecordKind.PREFERENCES.messagesOf(a)),
                    DEFAULT.assign(RecordKind.PROMPTS.messagesOf(b)));
        }
    }

    @Test
    public void fractionsAreApproximatelyRightOnTenThousandPrompts() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < 10_000; i++) {
            counts.merge(DEFAULT.assign(user("synthetic prompt #" + i + ": add " + i + " and " + (7 * i))), 1,
                    Integer::sum);
        }
        // Binomial sd: sqrt(10000 * 0.8 * 0.2) = 40 and sqrt(10000 * 0.1 * 0.9) = 30; allow 4 sd.
        assertEquals(counts.get(Split.TRAIN), 8000, 160);
        assertEquals(counts.get(Split.VALIDATION), 1000, 120);
        assertEquals(counts.get(Split.TEST), 1000, 120);
    }

    @Test
    public void configIsValidated() {
        assertEquals(expectThrows(IllegalArgumentException.class, () -> new SplitConfig(0.8, 0.1, 0.2)).getMessage(),
                "split fractions must sum to 1, got 0.8 + 0.1 + 0.2 = 1.1");
        expectThrows(IllegalArgumentException.class, () -> new SplitConfig(1.1, -0.1, 0));
        expectThrows(IllegalArgumentException.class, () -> new SplitConfig(Double.NaN, 0.5, 0.5));
    }

    @Test
    public void splitsAFileIntoDisjointPartsWithAManifest() throws IOException {
        Path dir = Files.createTempDirectory("split");
        List<PromptRecord> prompts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Every prompt text appears twice under different ids.
            prompts.add(new PromptRecord("q" + i, user("prompt " + (i % 150)), i % 2 == 0, "c"));
        }
        Path in = dir.resolve("prompts.jsonl");
        JsonlWriter.write(in, RecordKind.PROMPTS, prompts);
        Path out = dir.resolve("splits");
        SplitReport report = DatasetSplitter.split(in, RecordKind.PROMPTS, out, SplitConfig.defaults(),
                ErrorPolicy.FAIL_FAST);
        assertEquals(report.total(), 300);
        Map<Split, Set<String>> keys = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<PromptRecord> part = JsonlReader.readAll(out.resolve(s.fileName()), RecordKind.PROMPTS);
            assertEquals((long) part.size(), (long) report.records().get(s));
            for (PromptRecord r : part) {
                assertEquals(DEFAULT.assign(r.messages()), s);
            }
            keys.put(s, part.stream().map(r -> PromptSplitter.promptKey(r.messages())).collect(Collectors.toSet()));
        }
        assertTrue(report.records().get(Split.TEST) > 0 && report.records().get(Split.VALIDATION) > 0);
        assertTrue(keys.get(Split.TRAIN).stream().noneMatch(k -> keys.get(Split.TEST).contains(k)
                || keys.get(Split.VALIDATION).contains(k)));
        assertTrue(keys.get(Split.TEST).stream().noneMatch(keys.get(Split.VALIDATION)::contains));
        Manifest manifest = Manifest.read(out);
        assertEquals(manifest.kind(), DatasetSplitter.MANIFEST_KIND);
        assertEquals(manifest.files().keySet(), Set.of("train.jsonl", "validation.jsonl", "test.jsonl"));
        assertEquals(manifest.metrics().get("test_records"), report.records().get(Split.TEST).intValue());

        // A bad line under fail-fast leaves the earlier split files as they were.
        Files.writeString(in, Files.readString(in) + "{\"id\":1}\n");
        byte[] train = Files.readAllBytes(out.resolve("train.jsonl"));
        expectThrows(DataFormatException.class, () -> DatasetSplitter.split(in, RecordKind.PROMPTS, out,
                SplitConfig.defaults(), ErrorPolicy.FAIL_FAST));
        assertEquals(Files.readAllBytes(out.resolve("train.jsonl")), train);
        try (var files = Files.list(out)) {
            assertEquals(files.count(), 4L);
        }
    }
}
