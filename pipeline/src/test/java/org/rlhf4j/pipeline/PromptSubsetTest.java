package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.testng.annotations.Test;

public class PromptSubsetTest {

    @Test
    public void aSeededSubsetInFileOrder() throws Exception {
        Path dir = Files.createTempDirectory("subset");
        List<PromptRecord> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(new PromptRecord(String.format("p%02d", i), List.of(new Message(Role.USER, "Question " + i + "?")),
                    false, "test"));
        }
        Path file = dir.resolve("prompts.jsonl");
        JsonlWriter.write(file, RecordKind.PROMPTS, all);

        List<PromptRecord> a = JsonlReader.readAll(PromptSubset.write(file, 20, 7, dir.resolve("a.jsonl")),
                RecordKind.PROMPTS);
        List<PromptRecord> again = JsonlReader.readAll(PromptSubset.write(file, 20, 7, dir.resolve("b.jsonl")),
                RecordKind.PROMPTS);
        List<PromptRecord> other = JsonlReader.readAll(PromptSubset.write(file, 20, 8, dir.resolve("c.jsonl")),
                RecordKind.PROMPTS);
        assertEquals(a.size(), 20);
        assertEquals(a.stream().map(PromptRecord::id).distinct().count(), 20L, "without replacement");
        assertEquals(again, a, "same seed, same subset");
        assertNotEquals(other, a, "another seed, another subset");
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i - 1).id().compareTo(a.get(i).id()) < 0, "file order");
        }
        assertEquals(PromptSubset.write(file, 0, 7, dir.resolve("d.jsonl")), file, "0 = all");
        assertEquals(PromptSubset.write(file, 50, 7, dir.resolve("e.jsonl")), file, "the whole file");
    }
}
