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

    /**
     * Two stages at once: independent stages overlap (each waits, with a timeout, until the other has started — one
     * at a time it would time out), a stage starts only after every stage it reads is done, and the records come
     * back in schedule order.
     */
    @Test
    public void independentStagesRunSideBySideAndDependentOnesWait() throws Exception {
        Path run = Files.createTempDirectory("parallel");
        java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        Stage.Body waitForPartner = resume -> {
            bothStarted.countDown();
            String me = StageRunner.currentStage();
            events.add("start " + me);
            boolean overlapped;
            try {
                overlapped = bothStarted.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
            events.add("end " + me);
            return Map.of("overlapped", overlapped);
        };
        Stage.Body log = resume -> {
            events.add("start " + StageRunner.currentStage());
            events.add("end " + StageRunner.currentStage());
            return Map.of();
        };
        List<Stage> schedule = List.of(
                new Stage("a", run.resolve("a"), Map.of(), List.of(), List.of(), waitForPartner),
                new Stage("b", run.resolve("b"), Map.of(), List.of(), List.of(), waitForPartner),
                new Stage("joined", run.resolve("joined"), Map.of(), List.of("a", "b"), List.of(), log),
                new Stage("after-b", run.resolve("after-b"), Map.of(), List.of("b"), List.of(), log));

        List<StageRecord> records = new StageRunner(new PrintWriter(new StringWriter()), 2, 1).runAll(schedule);

        assertEquals(records.stream().map(StageRecord::name).toList(), List.of("a", "b", "joined", "after-b"));
        assertEquals(records.get(0).metrics().get("overlapped"), true, "a and b ran at the same time");
        assertEquals(records.get(1).metrics().get("overlapped"), true);
        assertTrue(events.indexOf("start joined") > events.indexOf("end a"), events.toString());
        assertTrue(events.indexOf("start joined") > events.indexOf("end b"), events.toString());
        assertTrue(events.indexOf("start after-b") > events.indexOf("end b"), events.toString());
        assertTrue(records.stream().allMatch(StageRecord::done));

        int before = events.size();
        List<StageRecord> again = new StageRunner(new PrintWriter(new StringWriter()), 2, 1).runAll(schedule);
        assertEquals(events.size(), before, "done and unchanged: nothing runs");
        assertEquals(again.stream().map(StageRecord::fingerprint).toList(),
                records.stream().map(StageRecord::fingerprint).toList());
    }

    /** A failed stage stops the schedule: its error is thrown, nothing downstream starts, a stage beside it ends. */
    @Test
    public void aFailureStopsNewStagesAndIsThrown() throws Exception {
        Path run = Files.createTempDirectory("failure");
        List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Stage> schedule = List.of(
                new Stage("fails", run.resolve("fails"), Map.of(), List.of(), List.of(), resume -> {
                    throw new java.io.IOException("disk full");
                }),
                new Stage("beside", run.resolve("beside"), Map.of(), List.of(), List.of(), resume -> {
                    ran.add("beside");
                    return Map.of();
                }),
                new Stage("downstream", run.resolve("downstream"), Map.of(), List.of("fails"), List.of(), resume -> {
                    ran.add("downstream");
                    return Map.of();
                }));
        java.io.IOException e = org.testng.Assert.expectThrows(java.io.IOException.class,
                () -> new StageRunner(new PrintWriter(new StringWriter()), 2, 1).runAll(schedule));
        assertEquals(e.getMessage(), "disk full");
        assertFalse(ran.contains("downstream"));
        assertEquals(StageRecord.read(run.resolve("fails")).status(), StageRecord.RUNNING,
                "a failed stage is left as stopped part-way");
    }

    /** A stage that reads a later (or unknown) stage is an error before anything runs, in either mode. */
    @Test
    public void readingALaterStageIsAnError() throws Exception {
        Path run = Files.createTempDirectory("order");
        List<Stage> schedule = List.of(
                new Stage("early", run.resolve("early"), Map.of(), List.of("late"), List.of(), resume -> Map.of()),
                new Stage("late", run.resolve("late"), Map.of(), List.of(), List.of(), resume -> Map.of()));
        for (int parallel : new int[] {1, 2}) {
            IllegalArgumentException e = org.testng.Assert.expectThrows(IllegalArgumentException.class,
                    () -> new StageRunner(new PrintWriter(new StringWriter()), parallel, 0).runAll(schedule));
            assertEquals(e.getMessage(), "stage early reads stage late, which does not come before it in the schedule");
            assertFalse(Files.exists(run.resolve("late")), "nothing ran");
        }
    }

    /** The scheduling priority: how many stages read a stage's artifacts, directly or through others. */
    @Test
    public void downstreamCountsFollowTheReaders() {
        Stage.Body none = resume -> Map.of();
        Path d = Path.of("unused");
        List<Stage> schedule = List.of(
                new Stage("root", d, Map.of(), List.of(), List.of(), none),
                new Stage("a", d, Map.of(), List.of("root"), List.of(), none),
                new Stage("b", d, Map.of(), List.of("a"), List.of(), none),
                new Stage("side", d, Map.of(), List.of("root"), List.of(), none),
                new Stage("join", d, Map.of(), List.of("b", "side"), List.of(), none),
                new Stage("lone", d, Map.of(), List.of(), List.of(), none));
        assertEquals(StageRunner.downstreamCounts(schedule), new int[] {4, 2, 1, 1, 0, 0});
    }
}
