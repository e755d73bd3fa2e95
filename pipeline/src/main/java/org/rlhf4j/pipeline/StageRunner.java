package org.rlhf4j.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a schedule of stages like {@code make}: a stage whose {@code stage.json} says {@code done} with the same
 * {@link StageFingerprint} is reused; one that says {@code running} with the same fingerprint was stopped (a crash,
 * kill -9) and is resumed — training stages continue from their last run checkpoint; anything else (no record, or a
 * changed config or input) starts the stage afresh in an emptied directory.
 */
public final class StageRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    private final PrintWriter console;
    private final Map<String, String> fingerprints = new HashMap<>();
    private final Map<String, StageRecord> records = new HashMap<>();

    /** A runner printing one line per stage to {@code console}. */
    public StageRunner(PrintWriter console) {
        this.console = console;
    }

    /**
     * Runs or reuses every stage in order.
     *
     * @return the final record of each stage, in schedule order
     */
    public List<StageRecord> runAll(List<Stage> schedule) throws IOException {
        List<StageRecord> out = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            out.add(run(schedule.get(i), i, schedule.size()));
        }
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

    private StageRecord run(Stage stage, int index, int total) throws IOException {
        String fingerprint = StageFingerprint.of(stage, fingerprints);
        fingerprints.put(stage.name(), fingerprint);
        String label = String.format("[%d/%d %s]", index + 1, total, stage.name());
        StageRecord existing = StageRecord.read(stage.dir());
        boolean same = existing != null && existing.fingerprint().equals(fingerprint);
        if (same && existing.done()) {
            console.printf("%s reusing %s%n", label, stage.dir());
            console.flush();
            records.put(stage.name(), existing);
            return existing;
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
        long start = System.nanoTime();
        Map<String, Object> metrics = stage.body().run(resume);
        double wall = (System.nanoTime() - start) / 1e9;
        StageRecord done = new StageRecord(stage.name(), index, fingerprint, StageRecord.DONE, wall, metrics);
        done.writeTo(stage.dir());
        records.put(stage.name(), done);
        return done;
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
