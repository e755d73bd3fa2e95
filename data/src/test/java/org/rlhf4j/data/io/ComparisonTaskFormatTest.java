package org.rlhf4j.data.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.Message;
import org.testng.annotations.Test;

public class ComparisonTaskFormatTest {

    private static final ComparisonTask TASK = new ComparisonTask("batch-1-arena-00007",
            List.of(Message.user("What is 2 plus 2?")), false, "arithmetic", "2 plus 2 is 4.", "sft", 0.7,
            "It is 5.", "sft", 1.0);

    private static final String GOOD = "{\"id\":\"t1\",\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],"
            + "\"is_safety\":true,\"category\":\"safety/illicit_or_criminal/direct\",\"response_a\":\"a\","
            + "\"model_a\":\"runs/sft\",\"temperature_a\":0,\"response_b\":\"b\",\"model_b\":\"runs/sft\","
            + "\"temperature_b\":1.2}";

    @Test
    public void roundTripsThroughWriterAndReader() throws IOException {
        Path f = Files.createTempDirectory("tasks").resolve("tasks.jsonl");
        ComparisonTask safety = new ComparisonTask("t2", List.of(Message.system("Be brief."), Message.user("q")),
                true, "safety/hateful_or_harmful/role_play", "same", "base", 0.0, "same", "sft", 0.0);
        JsonlWriter.write(f, RecordKind.TASKS, List.of(TASK, safety));
        assertEquals(JsonlReader.readAll(f, RecordKind.TASKS), List.of(TASK, safety));
        String line = Files.readAllLines(f).get(0);
        for (String key : List.of("\"response_a\"", "\"model_a\"", "\"temperature_a\":0.7", "\"temperature_b\":1.0",
                "\"is_safety\":false", "\"category\":\"arithmetic\"")) {
            assertTrue(line.contains(key), line);
        }
        assertEquals(TASK.promptRecord().messages(), TASK.prompt());
        assertEquals(RecordKind.byName("tasks"), RecordKind.TASKS);
    }

    @Test
    public void integerTemperatureIsANumber() throws IOException {
        Path f = Files.createTempDirectory("tasks").resolve("t.jsonl");
        Files.writeString(f, GOOD + "\n");
        ComparisonTask t = JsonlReader.readAll(f, RecordKind.TASKS).get(0);
        assertEquals(t.temperatureA(), 0.0);
        assertEquals(t.temperatureB(), 1.2);
    }

    /** Every bad line is reported as file:line: field: problem, and the good lines are kept. */
    @Test
    public void badLinesAreNamedByFileLineAndField() throws IOException {
        Path f = Files.createTempDirectory("tasks").resolve("bad.jsonl");
        Files.writeString(f, String.join("\n",
                GOOD,
                GOOD.replace("\"temperature_a\":0", "\"temperature_a\":\"hot\""),
                GOOD.replace("\"temperature_b\":1.2", "\"temperature_b\":-1"),
                GOOD.replace(",\"model_b\":\"runs/sft\"", ""),
                GOOD.replace("\"response_a\":\"a\"", "\"response_a\":\" \""),
                GOOD.replace("\"role\":\"user\"", "\"role\":\"assistant\""),
                GOOD.replace("\"category\"", "\"color\"")) + "\n");
        List<String> errors = new ArrayList<>();
        try (JsonlReader<ComparisonTask> r = JsonlReader.open(f, RecordKind.TASKS, ErrorPolicy.SKIP_AND_COUNT,
                e -> errors.add(e.toString()))) {
            r.stream().forEach(t -> { });
            assertEquals(r.goodLines(), 1);
            assertEquals(r.badLines(), 6);
        }
        assertEquals(errors.size(), 7, errors.toString()); // line 6 breaks two rules
        String[] expected = {
            f + ":2: temperature_a: expected a number, got string",
            f + ":3: temperature_b: must be a finite number >= 0, got -1.0",
            f + ":4: model_b: missing field",
            f + ":5: response_a: must not be empty",
            f + ":6: prompt[0].role: expected user",
            f + ":6: prompt: must end with a user turn",
            f + ":7: color: unknown key"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(errors.get(i).startsWith(expected[i]), errors.get(i) + " vs " + expected[i]);
        }
    }

    @Test
    public void writerRefusesAnInvalidTask() throws IOException {
        Path f = Files.createTempDirectory("tasks").resolve("w.jsonl");
        ComparisonTask bad = new ComparisonTask("t", TASK.prompt(), false, "arithmetic", "a", "", 0.5, "b", "m",
                Double.NaN);
        Exception e = expectThrows(Exception.class, () -> JsonlWriter.write(f, RecordKind.TASKS, List.of(bad)));
        assertTrue(e.getMessage().contains("model_a"), e.getMessage());
        assertTrue(!Files.exists(f), "nothing written");
    }
}
