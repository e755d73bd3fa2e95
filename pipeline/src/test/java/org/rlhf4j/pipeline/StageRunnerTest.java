package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** The make-like rules: reuse what is done and unchanged, resume what stopped, redo what changed and downstream. */
public class StageRunnerTest {

    /** Records each body call as "name:resume". */
    private final List<String> calls = new ArrayList<>();

    private List<Stage> schedule(Path run, Map<String, Object> firstConfig, Path input) {
        Stage first = new Stage("first", run.resolve("first"), firstConfig, List.of(), List.of(input), resume -> {
            calls.add("first:" + resume);
            Files.writeString(run.resolve("first/out.txt"), "first " + firstConfig);
            return Map.of("lines", 1);
        });
        Stage second = new Stage("second", run.resolve("second"), Map.of("k", 1), List.of("first"), List.of(),
                resume -> {
                    calls.add("second:" + resume);
                    Files.writeString(run.resolve("second/out.txt"),
                            Files.readString(run.resolve("first/out.txt")) + " then second");
                    return Map.of();
                });
        return List.of(first, second);
    }

    private static StageRunner quiet() {
        return new StageRunner(new PrintWriter(new StringWriter()));
    }

    @Test
    public void reusesResumesAndRedoesDownstream() throws Exception {
        Path run = Files.createTempDirectory("stages");
        Path input = run.resolveSibling(run.getFileName() + "-input.txt");
        Files.writeString(input, "v1");

        List<StageRecord> records = quiet().runAll(schedule(run, Map.of("lr", 1), input));
        assertEquals(calls, List.of("first:false", "second:false"));
        assertTrue(records.stream().allMatch(StageRecord::done));
        assertEquals(records.get(0).metrics(), Map.of("lines", 1));

        calls.clear();
        quiet().runAll(schedule(run, Map.of("lr", 1), input));
        assertEquals(calls, List.of(), "done and unchanged: nothing runs");

        // A stop mid-stage leaves a 'running' record with the same fingerprint: the stage resumes.
        StageRecord second = StageRecord.read(run.resolve("second"));
        new StageRecord("second", 1, second.fingerprint(), StageRecord.RUNNING, 0, null).writeTo(run.resolve("second"));
        calls.clear();
        quiet().runAll(schedule(run, Map.of("lr", 1), input));
        assertEquals(calls, List.of("second:true"));

        // A changed config re-runs the stage in an emptied directory, and everything downstream.
        Files.writeString(run.resolve("first/stale.txt"), "left from before");
        calls.clear();
        quiet().runAll(schedule(run, Map.of("lr", 2), input));
        assertEquals(calls, List.of("first:false", "second:false"));
        assertFalse(Files.exists(run.resolve("first/stale.txt")), "a changed stage starts from an empty directory");
        assertEquals(Files.readString(run.resolve("second/out.txt")), "first {lr=2} then second");

        // So does a changed outside input file.
        Files.writeString(input, "v2");
        calls.clear();
        quiet().runAll(schedule(run, Map.of("lr", 2), input));
        assertEquals(calls, List.of("first:false", "second:false"));

        List<StageRecord> found = StageRunner.recordsUnder(run);
        assertEquals(found.stream().map(StageRecord::name).toList(), List.of("first", "second"));
    }

    @Test
    public void fingerprintCoversConfigUpstreamAndFiles() throws Exception {
        Path dir = Files.createTempDirectory("fingerprint");
        Path file = dir.resolve("in.txt");
        Files.writeString(file, "a");
        Stage.Body none = resume -> Map.of();
        Stage a = new Stage("s", dir, Map.of("x", 1, "y", 2), List.of("up"), List.of(file), none);
        Stage sameConfigOtherOrder = new Stage("s", dir, new java.util.TreeMap<>(Map.of("y", 2, "x", 1)),
                List.of("up"), List.of(file), none);
        String base = StageFingerprint.of(a, Map.of("up", "u1"));
        assertEquals(base.length(), 64);
        assertEquals(StageFingerprint.of(sameConfigOtherOrder, Map.of("up", "u1")), base, "key order is canonical");
        assertNotEquals(StageFingerprint.of(a, Map.of("up", "u2")), base, "upstream change");
        assertNotEquals(StageFingerprint.of(new Stage("s", dir, Map.of("x", 1, "y", 3), List.of("up"),
                List.of(file), none), Map.of("up", "u1")), base, "config change");
        Files.writeString(file, "b");
        assertNotEquals(StageFingerprint.of(a, Map.of("up", "u1")), base, "input file change");
    }
}
