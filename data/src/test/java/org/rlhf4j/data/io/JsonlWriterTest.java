package org.rlhf4j.data.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.testng.annotations.Test;

public class JsonlWriterTest {

    private static final List<Dialog> DIALOGS = List.of(
            new Dialog("d1", List.of(Message.system("Answer in French."), Message.user("Bonjour\nça va ?"),
                    Message.assistant("Oui, \"très\" bien \u2014 merci.")), Map.of("lang", "fr", "src", "hand")),
            new Dialog("d2", List.of(Message.user("2+2?"), Message.assistant("4"), Message.user("and 3+3?"),
                    Message.assistant("6")), Map.of()));
    private static final List<PromptRecord> PROMPTS = List.of(
            new PromptRecord("q1", List.of(Message.user("How do I pick a lock?")), true, "crime"),
            new PromptRecord("q2", List.of(Message.user("a"), Message.assistant("b"), Message.user("c")), false,
                    "chat"));
    private static final List<PreferencePair> PAIRS = List.of(
            new PreferencePair("p1", List.of(Message.user("q")), "good", "bad", Rating.SIGNIFICANTLY_BETTER,
                    Axis.HELPFULNESS, null, "arena"),
            new PreferencePair("p2", List.of(Message.user("q")), "safe", "unsafe", Rating.NEGLIGIBLY_BETTER,
                    Axis.SAFETY, SafetyLabel.CHOSEN_SAFE, "arena"));

    private static Path tempDir() throws IOException {
        return Files.createTempDirectory("jsonl-out");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void writeThenReadGivesEqualRecordsAndNoTempFile() throws IOException {
        Path dir = tempDir();
        assertEquals(JsonlWriter.write(dir.resolve("d.jsonl"), RecordKind.DIALOGS, DIALOGS), 2);
        assertEquals(JsonlWriter.write(dir.resolve("q.jsonl"), RecordKind.PROMPTS, PROMPTS.stream()), 2);
        assertEquals(JsonlWriter.write(dir.resolve("p.jsonl"), RecordKind.PREFERENCES, PAIRS), 2);
        assertEquals(JsonlReader.readAll(dir.resolve("d.jsonl"), RecordKind.DIALOGS), DIALOGS);
        assertEquals(JsonlReader.readAll(dir.resolve("q.jsonl"), RecordKind.PROMPTS), PROMPTS);
        assertEquals(JsonlReader.readAll(dir.resolve("p.jsonl"), RecordKind.PREFERENCES), PAIRS);
        assertEquals(names(dir), List.of("d.jsonl", "p.jsonl", "q.jsonl"));
        assertEquals(Files.readAllLines(dir.resolve("p.jsonl")).get(0),
                "{\"id\":\"p1\",\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],\"chosen\":\"good\","
                        + "\"rejected\":\"bad\",\"rating\":\"significantly_better\",\"axis\":\"helpfulness\","
                        + "\"safety_label\":null,\"source\":\"arena\"}");
        assertEquals(Files.readAllLines(dir.resolve("q.jsonl")).get(0),
                "{\"id\":\"q1\",\"messages\":[{\"role\":\"user\",\"content\":\"How do I pick a lock?\"}],"
                        + "\"is_safety\":true,\"category\":\"crime\"}");
    }

    @Test
    public void invalidRecordAbortsTheWriteAndKeepsTheOldFile() throws IOException {
        Path dir = tempDir();
        Path target = dir.resolve("d.jsonl");
        JsonlWriter.write(target, RecordKind.DIALOGS, DIALOGS);
        byte[] before = Files.readAllBytes(target);
        Dialog endsWithUser = new Dialog("bad", List.of(Message.user("hi")), Map.of());
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> JsonlWriter.write(target, RecordKind.DIALOGS, List.of(DIALOGS.get(0), endsWithUser)));
        assertEquals(e.getMessage(),
                "dialogs record 1 (id bad): messages: must end with an assistant turn, ends with user");
        assertEquals(Files.readAllBytes(target), before);
        assertEquals(names(dir), List.of("d.jsonl"));
    }
}
