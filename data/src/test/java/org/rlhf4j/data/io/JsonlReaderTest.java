package org.rlhf4j.data.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.testng.annotations.Test;

public class JsonlReaderTest {

    private static final String GOOD_DIALOG =
            "{\"id\":\"d1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                    + "{\"role\":\"assistant\",\"content\":\"hello\"}],\"tags\":{\"lang\":\"en\"}}";
    private static final String PROMPT = "[{\"role\":\"user\",\"content\":\"q\"}]";

    private static Path file(String... lines) throws IOException {
        Path dir = Files.createTempDirectory("jsonl");
        return Files.writeString(dir.resolve("in.jsonl"), String.join("\n", lines) + "\n");
    }

    private static String pair(String rest) {
        return "{\"id\":\"p\",\"prompt\":" + PROMPT + "," + rest + "}";
    }

    /** The single error of a one-line file of {@code kind}, as reported under FAIL_FAST. */
    private static String errorOf(RecordKind<?> kind, String line) throws IOException {
        Path f = file(line);
        DataFormatException e = expectThrows(DataFormatException.class, () -> JsonlReader.readAll(f, kind));
        assertEquals(e.error().file(), f.toString());
        assertEquals(e.error().line(), 1);
        return e.getMessage().substring(f.toString().length());
    }

    @Test
    public void readsGoodLinesAndSkipsBlankOnes() throws IOException {
        Path f = file("", GOOD_DIALOG, "   ", GOOD_DIALOG.replace("d1", "d2").replace(",\"tags\":{\"lang\":\"en\"}", ""));
        try (JsonlReader<Dialog> r = JsonlReader.open(f, RecordKind.DIALOGS, ErrorPolicy.FAIL_FAST)) {
            List<Dialog> all = r.stream().toList();
            assertEquals(all, List.of(
                    new Dialog("d1", List.of(Message.user("hi"), Message.assistant("hello")), Map.of("lang", "en")),
                    new Dialog("d2", List.of(Message.user("hi"), Message.assistant("hello")), Map.of())));
            assertEquals(r.goodLines(), 2);
            assertEquals(r.blankLines(), 2);
            assertEquals(r.badLines(), 0);
        }
    }

    @Test
    public void pinsErrorMessagesWithFileLineAndField() throws IOException {
        assertEquals(errorOf(RecordKind.DIALOGS, "{\"id\":\"d1\",\"messages\":[}"),
                ":1: json: malformed JSON at column 24: Unexpected close marker '}': expected ']' "
                        + "(for Array starting at column 23)");
        assertEquals(errorOf(RecordKind.DIALOGS, "[1]"), ":1: json: expected a JSON object, got array");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"tags\"", "\"extra\"")),
                ":1: extra: unknown key");
        assertEquals(errorOf(RecordKind.DIALOGS, "{\"id\":\"d1\",\"tags\":{}}"), ":1: messages: missing field");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"assistant\"", "\"bot\"")),
                ":1: messages[1].role: unknown role 'bot' (expected system, user or assistant)");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"content\":\"hi\"", "\"content\":5")),
                ":1: messages[0].content: expected a string, got number");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"content\":\"hi\"", "\"content\":\"hi\",\"name\":\"x\"")),
                ":1: messages[0].name: unknown key");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"user\"", "\"assistant\"")),
                ":1: messages[0].role: expected user (turns alternate user/assistant), got assistant");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"hello\"", "\"\"")),
                ":1: messages[1].content: must not be empty");
        assertEquals(errorOf(RecordKind.DIALOGS, "{\"id\":\"d\",\"messages\":" + PROMPT + "}"),
                ":1: messages: must end with an assistant turn, ends with user");
        assertEquals(errorOf(RecordKind.DIALOGS, GOOD_DIALOG.replace("\"en\"", "1")),
                ":1: tags.lang: expected a string, got number");
        assertEquals(errorOf(RecordKind.DIALOGS, "{\"id\":\"a\",\"id\":\"b\",\"messages\":[]}"),
                ":1: json: malformed JSON at column 15: Duplicate field 'id'");

        assertEquals(errorOf(RecordKind.PROMPTS, "{\"id\":\"q\",\"messages\":" + PROMPT
                + ",\"is_safety\":\"yes\",\"category\":\"c\"}"), ":1: is_safety: expected true or false, got string");
        assertEquals(errorOf(RecordKind.PROMPTS, "{\"id\":\"q\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"assistant\",\"content\":\"b\"}],\"is_safety\":false,\"category\":\"c\"}"),
                ":1: messages: must end with a user turn, ends with assistant");

        String tail = ",\"axis\":\"helpfulness\",\"safety_label\":null,\"source\":\"s\"";
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"great\""
                + tail)), ":1: rating: unknown rating 'great' "
                + "(expected significantly_better, better, slightly_better or negligibly_better)");
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"better\""
                + tail.replace("helpfulness", "honesty"))),
                ":1: axis: unknown axis 'honesty' (expected helpfulness or safety)");
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"a\",\"rating\":\"better\""
                + tail)), ":1: rejected: identical to chosen");
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"better\""
                + tail.replace("null", "\"both_safe\""))),
                ":1: safety_label: must be null on a helpfulness pair, got both_safe");
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"better\""
                + tail.replace("helpfulness", "safety"))),
                ":1: safety_label: required on a safety pair (both_safe, chosen_safe or both_unsafe)");
        assertEquals(errorOf(RecordKind.PREFERENCES, pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"better\""
                + tail.replace(",\"safety_label\":null", ""))), ":1: safety_label: missing field");
    }

    @Test
    public void failFastThrowsAtTheFirstBadLine() throws IOException {
        Path f = file(GOOD_DIALOG, GOOD_DIALOG.replace("\"hello\"", "\"\""), "not json");
        List<Dialog> seen = new ArrayList<>();
        try (JsonlReader<Dialog> r = JsonlReader.open(f, RecordKind.DIALOGS, ErrorPolicy.FAIL_FAST)) {
            DataFormatException e = expectThrows(DataFormatException.class, () -> r.forEachRemaining(seen::add));
            assertEquals(e.getMessage(), f + ":2: messages[1].content: must not be empty");
            assertEquals(seen.size(), 1);
        }
    }

    @Test
    public void skipAndCountKeepsEveryError() throws IOException {
        Path f = file(GOOD_DIALOG, "{\"id\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}", "",
                "nope", GOOD_DIALOG.replace("d1", "d3"));
        List<FormatError> heard = new ArrayList<>();
        try (JsonlReader<Dialog> r = JsonlReader.open(f, RecordKind.DIALOGS, ErrorPolicy.SKIP_AND_COUNT, heard::add)) {
            List<String> ids = r.stream().map(Dialog::id).toList();
            assertEquals(ids, List.of("d1", "d3"));
            assertEquals(r.goodLines(), 2);
            assertEquals(r.badLines(), 2);
            assertEquals(r.blankLines(), 1);
            assertEquals(r.errorCount(), 4);
            assertEquals(r.errors().stream().map(e -> e.line() + " " + e.field()).toList(),
                    List.of("2 id", "2 messages[0].content", "2 messages", "4 json"));
            assertEquals(heard, r.errors());
            assertTrue(r.errors().get(3).problem().startsWith("malformed JSON at column 1: Unrecognized token 'nope'"),
                    r.errors().get(3).problem());
        }
    }

    @Test
    public void readsPromptsAndPairs() throws IOException {
        Path prompts = file("{\"id\":\"q\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"content\":\"how?\"}],\"is_safety\":true,\"category\":\"weapons\"}");
        assertEquals(JsonlReader.readAll(prompts, RecordKind.PROMPTS), List.of(new PromptRecord("q",
                List.of(Message.system("s"), Message.user("how?")), true, "weapons")));
        Path pairs = file(pair("\"chosen\":\"a\",\"rejected\":\"b\",\"rating\":\"slightly_better\","
                + "\"axis\":\"safety\",\"safety_label\":\"both_unsafe\",\"source\":\"arena\""));
        assertEquals(JsonlReader.readAll(pairs, RecordKind.PREFERENCES), List.of(new PreferencePair("p",
                List.of(Message.user("q")), "a", "b", Rating.SLIGHTLY_BETTER, Axis.SAFETY, SafetyLabel.BOTH_UNSAFE,
                "arena")));
    }
    @Test
    public void ignoresAByteOrderMarkAndRejectsInvalidUtf8() throws IOException {
        Path bom = file("\uFEFF" + GOOD_DIALOG);
        assertEquals(JsonlReader.readAll(bom, RecordKind.DIALOGS).get(0).id(), "d1");
        Path latin1 = Files.createTempDirectory("jsonl").resolve("latin1.jsonl");
        Files.write(latin1, (GOOD_DIALOG + "\r\n" + GOOD_DIALOG.replace("hello", "h\u00e9llo") + "\n"
                + GOOD_DIALOG.replace("d1", "d3"))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        try (JsonlReader<Dialog> r = JsonlReader.open(latin1, RecordKind.DIALOGS, ErrorPolicy.SKIP_AND_COUNT)) {
            assertEquals(r.stream().count(), 2L);
            assertEquals(r.errors().toString(), "[" + latin1 + ":2: json: not valid UTF-8]");
        }
    }

    @Test
    public void aFileOfAnotherKindIsNamedAsSuch() throws IOException {
        String prompt = "{\"id\":\"q\",\"messages\":" + PROMPT + ",\"is_safety\":false,\"category\":\"chat\"}";
        assertEquals(errorOf(RecordKind.DIALOGS, prompt), ":1: expected a dialogs file (messages ending with an"
                + " assistant turn); this looks like a prompts file (is_safety: unknown key)");
        assertEquals(errorOf(RecordKind.PROMPTS, GOOD_DIALOG), ":1: expected a prompts file (messages ending with a"
                + " user turn, is_safety, category); this looks like a dialogs file (tags: unknown key)");
        // only the first record is compared with the other kinds; a later bad line reports its own error
        Path f = file(GOOD_DIALOG, prompt);
        DataFormatException later = expectThrows(DataFormatException.class,
                () -> JsonlReader.readAll(f, RecordKind.DIALOGS));
        assertEquals(later.getMessage(), f + ":2: is_safety: unknown key");
    }

    @Test
    public void aDirectoryOrAMissingFileIsNamed() throws IOException {
        Path dir = Files.createTempDirectory("jsonl");
        InputException isDir = expectThrows(InputException.class, () -> JsonlReader.readAll(dir, RecordKind.PROMPTS));
        assertEquals(isDir.getMessage(), dir + ": is a directory; expected a prompts file (messages ending with a"
                + " user turn, is_safety, category)");
        Path missing = dir.resolve("none.jsonl");
        InputException none = expectThrows(InputException.class,
                () -> JsonlReader.readAll(missing, RecordKind.PREFERENCES));
        assertEquals(none.getMessage(), missing + ": no such file; expected a preferences file (prompt, chosen and"
                + " rejected answers, rating, axis)");
    }
}
