package org.rlhf4j.pipeline;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a schedule of stages like {@code make}: a stage whose {@code stage.json} says {@code done} with the same
 * {@link StageFingerprint} is reused; one that says {@code running} with the same fingerprint was stopped (a crash,
 * kill -9) and is resumed — training stages continue from their last run checkpoint; anything else (no record, or a
 * changed config or input) starts the stage afresh in an emptied directory.
 *
 * <p>Like {@code make -j}, up to {@code parallelStages} stages run at once, each on its own thread: a stage starts
 * once every stage it reads ({@link Stage#upstream()}) is done; among the ready ones, the one that most stages
 * depend on (directly or not) goes first, ties in schedule order. The recipe's models are small, so one core per
 * stage does more than two cores on one stage (two reward models side by side on the 2-core machine: each at 95% of
 * its speed alone with both cores); each stage gets an equal share of the threads. A stage's result does not depend
 * on what runs beside it: stages share no files and no random generator, and its libtorch thread count is fixed by
 * the runner, not by timing. When a
 * stage fails, no further stage starts; those running finish (their records stay {@code running} only if the process
 * dies) and the first failure is thrown.
 */
public final class StageRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final PrintWriter console;
    private final int parallelStages;
    private final int threadsPerStage;
    private final Map<String, String> fingerprints = new HashMap<>();
    private final Map<String, StageRecord> records = new ConcurrentHashMap<>();

    /** A runner printing one line per stage to {@code console}, one stage at a time. */
    public StageRunner(PrintWriter console) {
        this(console, 1, 0);
    }

    /**
     * @param console where each stage's start line goes
     * @param parallelStages how many stages may run at once (at least 1)
     * @param threads the libtorch threads the stages share when they run in parallel: each stage gets
     *     {@code threads / parallelStages} (at least 1); 0 leaves the engine's setting
     */
    public StageRunner(PrintWriter console, int parallelStages, int threads) {
        if (parallelStages < 1) {
            throw new IllegalArgumentException("parallel stages must be >= 1, got " + parallelStages);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        this.console = console;
        this.parallelStages = parallelStages;
        this.threadsPerStage = threads == 0 ? 0 : Math.max(1, threads / parallelStages);
    }

    /**
     * Runs or reuses every stage, each after the stages it reads.
     *
     * @return the final record of each stage, in schedule order
     * @throws IllegalArgumentException when a stage reads a stage that does not come before it in the schedule
     */
    public List<StageRecord> runAll(List<Stage> schedule) throws IOException {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < schedule.size(); i++) {
            Stage stage = schedule.get(i);
            for (String up : stage.upstream()) {
                Integer at = position.get(up);
                if (at == null) {
                    throw new IllegalArgumentException("stage " + stage.name() + " reads stage " + up
                            + ", which does not come before it in the schedule");
                }
            }
            if (position.put(stage.name(), i) != null) {
                throw new IllegalArgumentException("two stages are named " + stage.name());
            }
        }
        if (parallelStages == 1) {
            for (int i = 0; i < schedule.size(); i++) {
                Stage stage = schedule.get(i);
                Prepared prepared = prepare(stage, i, schedule.size());
                if (prepared != null) {
                    execute(stage, prepared);
                }
            }
        } else {
            runParallel(schedule);
        }
        List<StageRecord> out = new ArrayList<>();
        schedule.forEach(stage -> out.add(record(stage.name())));
        return out;
    }

    /** The record of a stage this runner has run or reused. */
    public StageRecord record(String name) {
        StageRecord r = records.get(name);
        if (r == null) {
            throw new IllegalStateException("stage " + name + " has not run");
        }
        return r;
    }

    private void runParallel(List<Stage> schedule) throws IOException {
        int[] downstream = downstreamCounts(schedule);
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            pending.add(i);
        }
        // Stages that most others wait on first; ties in schedule order.
        pending.sort(Comparator.comparingInt((Integer i) -> -downstream[i]).thenComparingInt(i -> i));
        ExecutorService pool = Executors.newFixedThreadPool(parallelStages, task -> {
            Thread t = new Thread(() -> {
                Engine.getInstance(); // loads libtorch before the calls below
                JniUtils.setGradMode(false); // as on the thread that started the engine
                task.run();
            }, "stage-worker");
            t.setDaemon(true);
            return t;
        });
        CompletionService<String> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        Throwable failure = null;
        try {
            while (!pending.isEmpty() || running > 0) {
                if (failure == null) {
                    for (var it = pending.iterator(); it.hasNext() && running < parallelStages; ) {
                        int i = it.next();
                        Stage stage = schedule.get(i);
                        if (!records.keySet().containsAll(stage.upstream())) {
                            continue;
                        }
                        it.remove();
                        Prepared prepared = prepare(stage, i, schedule.size());
                        if (prepared != null) {
                            done.submit(() -> {
                                if (threadsPerStage > 0) {
                                    JniUtils.setNumThreads(threadsPerStage); // this thread's libtorch threads
                                }
                                execute(stage, prepared);
                                return stage.name();
                            });
                            running++;
                        }
                        it = pending.iterator(); // a reused stage may have made an earlier one ready
                    }
                    if (running == 0 && !pending.isEmpty()) {
                        throw new IllegalStateException("no stage can start: " + pending.size() + " wait on others");
                    }
                }
                if (running == 0) {
                    break; // everything was reused, or a failure and nothing left running
                }
                try {
                    done.take().get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                } finally {
                    running--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stages were running", e);
        } finally {
            pool.shutdown();
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /** For each stage, how many stages read its artifacts directly or through others. */
    static int[] downstreamCounts(List<Stage> schedule) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < schedule.size(); i++) {
            index.put(schedule.get(i).name(), i);
        }
        List<java.util.BitSet> below = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            below.add(new java.util.BitSet());
        }
        for (int i = schedule.size() - 1; i >= 0; i--) { // readers come after what they read
            for (String up : schedule.get(i).upstream()) {
                java.util.BitSet u = below.get(index.get(up));
                u.set(i);
                u.or(below.get(i));
            }
        }
        int[] counts = new int[schedule.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = below.get(i).cardinality();
        }
        return counts;
    }

    /** A stage that must run: its fingerprint, label and whether it resumes. */
    private record Prepared(int index, String fingerprint, String label, boolean resume) {}

    /**
     * Fingerprints a stage whose upstream stages are done; reuses it (returns null) when it is done with the same
     * fingerprint, else prepares its directory and marks it running.
     */
    private Prepared prepare(Stage stage, int index, int total) throws IOException {
        String fingerprint = StageFingerprint.of(stage, fingerprints);
        fingerprints.put(stage.name(), fingerprint);
        String label = String.format("[%d/%d %s]", index + 1, total, stage.name());
        StageRecord existing = StageRecord.read(stage.dir());
        boolean same = existing != null && existing.fingerprint().equals(fingerprint);
        if (same && existing.done()) {
            console.printf("%s reusing %s%n", label, stage.dir());
            console.flush();
            records.put(stage.name(), existing);
            return null;
        }
        boolean resume = same; // same inputs, stopped part-way
        if (!resume && Files.exists(stage.dir())) {
            LOG.info("{}: {} (starting afresh)", stage.dir(),
                    existing == null ? "no stage record" : "config or inputs changed");
            FileTrees.delete(stage.dir());
        }
        Files.createDirectories(stage.dir());
        new StageRecord(stage.name(), index, fingerprint, StageRecord.RUNNING, 0, null).writeTo(stage.dir());
        console.printf("%s writing %s%s%n", label, stage.dir(), resume ? " (resuming)" : "");
        console.flush();
        return new Prepared(index, fingerprint, label, resume);
    }

    /** The name of the stage the calling thread is running, or null. */
    public static String currentStage() {
        return CURRENT.get();
    }

    private void execute(Stage stage, Prepared prepared) throws IOException {
        long start = System.nanoTime();
        Map<String, Object> metrics;
        CURRENT.set(stage.name());
        try {
            metrics = stage.body().run(prepared.resume());
        } finally {
            CURRENT.remove();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        StageRecord done = new StageRecord(stage.name(), prepared.index(), prepared.fingerprint(), StageRecord.DONE,
                wall, metrics);
        done.writeTo(stage.dir());
        records.put(stage.name(), done);
        if (parallelStages > 1) {
            console.printf("%s done in %.0f s%n", prepared.label(), wall);
            console.flush();
        }
    }

    /** The stage records found below a run directory, in schedule order. */
    public static List<StageRecord> recordsUnder(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<StageRecord> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(runDir, 3)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().equals(StageRecord.FILE_NAME)).toList()) {
                out.add(StageRecord.read(p.getParent()));
            }
        }
        out.sort(Comparator.comparingInt(StageRecord::index));
        return out;
    }

}
