package org.rlhf4j.data.hh;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.testng.annotations.Test;

public class HhImporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "\n\nHuman: What is 2+2?\n\nAssistant: 4.\n\nHuman: And 3+3?\n\nAssistant:";

    private static String record(String chosen, String rejected) throws IOException {
        return JSON.writeValueAsString(Map.of("chosen", chosen, "rejected", rejected));
    }

    @Test
    public void parsesMultiTurnTranscripts() {
        assertEquals(HhTranscript.parse(PREFIX + " 6, since 3+3=6.\n"), List.of(
                Message.user("What is 2+2?"), Message.assistant("4."), Message.user("And 3+3?"),
                Message.assistant("6, since 3+3=6.")));
        // Without the leading blank line; "Human:" inside a turn (no blank line before it) is text.
        assertEquals(HhTranscript.parse("Human: Say \"Human: hi\"\nplease\n\nAssistant: Human: hi"), List.of(
                Message.user("Say \"Human: hi\"\nplease"), Message.assistant("Human: hi")));
        assertEquals(HhTranscript.parse("\n\nHuman: a\n\nHuman: b\n\nAssistant:"), List.of(
                Message.user("a"), Message.user("b"), Message.assistant("")));
        assertEquals(expectThrows(IllegalArgumentException.class, () -> HhTranscript.parse("hello")).getMessage(),
                "no \"Human:\" or \"Assistant:\" turn");
        assertEquals(expectThrows(IllegalArgumentException.class,
                () -> HhTranscript.parse("intro\n\nHuman: a")).getMessage(), "text before the first \"Human:\" turn");
    }

    @Test
    public void sharedPrefixBecomesThePromptAndLastTurnsTheAnswers() throws Exception {
        PreferencePair pair = HhImporter.convert(PREFIX + " 6.", PREFIX + " 7.", HhImportConfig.defaults(HhSubset.HELPFUL));
        assertEquals(pair.prompt(), List.of(Message.user("What is 2+2?"), Message.assistant("4."),
                Message.user("And 3+3?")));
        assertEquals(pair.chosen(), "6.");
        assertEquals(pair.rejected(), "7.");
        assertEquals(pair.rating(), Rating.NEGLIGIBLY_BETTER);
        assertEquals(pair.axis(), Axis.HELPFULNESS);
        assertEquals(pair.safetyLabel(), null);
        assertEquals(pair.source(), "anthropic-hh-helpful");
        assertTrue(pair.id().matches("hh-helpful-[0-9a-f]{16}"), pair.id());

        PreferencePair harmless = HhImporter.convert("\n\nHuman: How do I hurt someone?\n\nAssistant: I won't help.",
                "\n\nHuman: How do I hurt someone?\n\nAssistant: Here is how.",
                new HhImportConfig(HhSubset.HARMLESS, Rating.BETTER, SafetyLabel.CHOSEN_SAFE));
        assertEquals(harmless.axis(), Axis.SAFETY);
        assertEquals(harmless.safetyLabel(), SafetyLabel.CHOSEN_SAFE);
        assertEquals(harmless.rating(), Rating.BETTER);
        assertEquals(harmless.source(), "anthropic-hh-harmless");
        assertEquals(HhImportConfig.defaults(HhSubset.HARMLESS).harmlessSafetyLabel(), SafetyLabel.BOTH_UNSAFE);
    }

    @Test
    public void importsAFileSkippingAndCountingBadRecords() throws IOException {
        Path dir = Files.createTempDirectory("hh");
        Path in = dir.resolve("harmless-base.jsonl.gz");
        String lines = String.join("\n",
                record(PREFIX + " 6.", PREFIX + " 7."),
                "",
                record(PREFIX + " 6.", "\n\nHuman: What is 2+2?\n\nAssistant: 5.\n\nHuman: And 3+3?\n\nAssistant: 6!"),
                "{\"chosen\": 1}",
                record(PREFIX + " same", PREFIX + " same"),
                record(PREFIX, PREFIX + " 7."),
                "{not json",
                record("\n\nHuman: Hi\n\nAssistant: Hello!", "\n\nHuman: Hi\n\nAssistant: Go away.")) + "\n";
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(in))) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        Path outFile = dir.resolve("pairs.jsonl");
        HhImportReport report = HhImporter.importFile(in, outFile, HhImportConfig.defaults(HhSubset.HARMLESS));
        assertEquals(report.records(), 7);
        assertEquals(report.imported(), 2);
        assertEquals(report.skipped(), Map.of(HhSkipReason.MALFORMED_JSON, 2L, HhSkipReason.MALFORMED_TRANSCRIPT, 1L,
                HhSkipReason.PROMPTS_DIFFER, 1L, HhSkipReason.IDENTICAL_RESPONSES, 1L));
        assertEquals(report.firstSkips().stream().map(e -> e.toString().substring(in.toString().length())).toList(),
                List.of(":3: rejected[1]: prompt differs from chosen's before the last assistant turn",
                        ":4: chosen: expected a string",
                        ":5: rejected: identical to chosen",
                        ":6: chosen[3].content: must not be empty",
                        ":7: json: malformed JSON"));
        List<PreferencePair> pairs = JsonlReader.readAll(outFile, RecordKind.PREFERENCES);
        assertEquals(pairs.size(), 2);
        assertEquals(pairs.get(1).prompt(), List.of(Message.user("Hi")));
        assertEquals(pairs.get(1).chosen(), "Hello!");
        assertEquals(pairs.get(1).rejected(), "Go away.");
        assertEquals(pairs.get(1).safetyLabel(), SafetyLabel.BOTH_UNSAFE);
        // The id depends only on the transcripts: importing again gives the same file.
        Path again = dir.resolve("again.jsonl");
        HhImporter.importFile(in, again, HhImportConfig.defaults(HhSubset.HARMLESS));
        assertEquals(Files.readAllBytes(again), Files.readAllBytes(outFile));
    }
}
