package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.testng.annotations.Test;
import picocli.CommandLine;

public class DataCommandTest {

    /** Exit code, stdout and stderr of one {@code rlhf} invocation. */
    private record Run(int exitCode, String out, String err) {}

    private static Run rlhf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Rlhf.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String GOOD = "{\"id\":\"d1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"hello\"}]}";

    @Test
    public void validateReportsEveryBadLineAndExitsNonZero() throws IOException {
        Path f = Files.createTempDirectory("cli").resolve("dialogs.jsonl");
        Files.writeString(f, String.join("\n", GOOD, "{\"id\":\"d2\",\"messages\":[],\"tagz\":{}}", "",
                GOOD.replace("\"assistant\"", "\"bot\""), GOOD.replace("d1", "d4")) + "\n");
        Run run = rlhf("data", "validate", "--kind", "dialogs", f.toString());
        assertEquals(run.exitCode(), 1, run.err());
        assertEquals(run.out(), f + ":2: tagz: unknown key\n"
                + f + ":4: messages[1].role: unknown role 'bot' (expected system, user or assistant)\n"
                + f + ": 2 good, 2 bad, 1 blank lines (dialogs)\n");
    }

    @Test
    public void validateAcceptsAGoodFile() throws IOException {
        Path f = Files.createTempDirectory("cli").resolve("prompts.jsonl");
        Files.writeString(f, "{\"id\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"is_safety\":false,\"category\":\"chat\"}\n");
        Run run = rlhf("data", "validate", "--kind", "prompts", f.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertEquals(run.out(), f + ": 1 good, 0 bad, 0 blank lines (prompts)\n");
    }

    @Test
    public void validateRejectsUnknownKindAndMissingFile() {
        Run badKind = rlhf("data", "validate", "--kind", "chats", "x.jsonl");
        assertEquals(badKind.exitCode(), 2);
        assertTrue(badKind.err().startsWith("rlhf data validate: --kind: unknown kind 'chats' (expected dialogs,"
                + " prompts, preferences or tasks)"), badKind.err());
        Run missing = rlhf("data", "validate", "--kind", "dialogs", "/nonexistent/x.jsonl");
        assertEquals(missing.exitCode(), ExitCode.BAD_INPUT);
        assertEquals(missing.err(), "rlhf data validate: /nonexistent/x.jsonl: no such file; expected a dialogs file"
                + " (messages ending with an assistant turn)\n");
    }

    @Test
    public void importHhThenSplit() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path dir = Files.createTempDirectory("cli-hh");
        Path in = dir.resolve("helpful-base.jsonl");
        Files.writeString(in, json.writeValueAsString(Map.of(
                "chosen", "\n\nHuman: Name a colour.\n\nAssistant: Blue.",
                "rejected", "\n\nHuman: Name a colour.\n\nAssistant: No.")) + "\n"
                + json.writeValueAsString(Map.of("chosen", "\n\nHuman: Hi", "rejected", "\n\nHuman: Hi")) + "\n");
        Path out = dir.resolve("pairs.jsonl");
        Run run = rlhf("data", "import-hh", "--in", in.toString(), "--subset", "helpful", "--out", out.toString(),
                "--rating", "better");
        assertEquals(run.exitCode(), 0, run.err());
        assertEquals(run.out(), in + ":2: chosen: must end with an assistant turn, ends with user\n"
                + in + ": imported 1 of 2 HH records into " + out + "; skipped 1 (malformed_json 0, "
                + "malformed_transcript 1, prompts_differ 0, identical_responses 0)\n");
        List<PreferencePair> pairs = JsonlReader.readAll(out, RecordKind.PREFERENCES);
        assertEquals(pairs.size(), 1);
        assertEquals(pairs.get(0).rating(), Rating.BETTER);
        assertEquals(pairs.get(0).axis(), Axis.HELPFULNESS);
        assertEquals(pairs.get(0).chosen(), "Blue.");

        Run badSubset = rlhf("data", "import-hh", "--in", in.toString(), "--subset", "honest", "--out", "x");
        assertEquals(badSubset.exitCode(), 2);
        assertTrue(badSubset.err().startsWith("rlhf data import-hh: --subset: unknown HH subset 'honest'"),
                badSubset.err());

        Path harmlessOut = dir.resolve("harmless.jsonl");
        assertEquals(rlhf("data", "import-hh", "--in", in.toString(), "--subset", "harmless", "--out",
                harmlessOut.toString(), "--safety-label", "chosen_safe").exitCode(), 0);
        assertEquals(JsonlReader.readAll(harmlessOut, RecordKind.PREFERENCES).get(0).safetyLabel(),
                SafetyLabel.CHOSEN_SAFE);

        Path splits = dir.resolve("splits");
        Run split = rlhf("data", "split", "--kind", "preferences", "--in", out.toString(), "--out-dir",
                splits.toString(), "--train", "0", "--validation", "0", "--test", "1");
        assertEquals(split.exitCode(), 0, split.err());
        assertEquals(split.out(), out + ": 0 train, 0 validation, 1 test records into " + splits
                + "; 0 bad lines skipped\n");
        assertEquals(JsonlReader.readAll(splits.resolve("test.jsonl"), RecordKind.PREFERENCES), pairs);
        Run badFractions = rlhf("data", "split", "--kind", "preferences", "--in", out.toString(), "--out-dir",
                splits.toString(), "--train", "0.9");
        assertEquals(badFractions.exitCode(), 2);
        assertTrue(badFractions.err().startsWith("rlhf data split: split fractions must sum to 1"),
                badFractions.err());
    }
}
