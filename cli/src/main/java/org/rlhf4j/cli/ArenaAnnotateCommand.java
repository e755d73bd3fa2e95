package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.TaskAnnotator;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.eval.PreferenceBatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf arena annotate --tasks FILE --out PAIRS}: the arena's simulated annotators label a comparison tasks
 * file (format {@code tasks}) on the helpfulness axis, and the IS_SAFETY tasks on the safety axis too, with the
 * paper's rating scale, safety label and drop rule, and write the pairs in the {@code preferences} format, the
 * same slot human labels of the same tasks fill. Nothing is written when the tasks file has a bad line.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = "Label comparison tasks with the arena's simulated annotators (helpfulness and safety) and "
                + "write preference pairs.")
public final class ArenaAnnotateCommand implements Callable<Integer> {

    @Option(names = "--tasks", required = true, paramLabel = "<tasks.jsonl>",
            description = "Comparison tasks (rlhf preferences sample).")
    Path tasks;

    @Option(names = "--out", required = true, paramLabel = "<pairs.jsonl>", description = "Preference pairs file.")
    Path out;

    @Option(names = "--config", paramLabel = "<arena.json>",
            description = "Arena config (annotator temperature and rating gaps); default: the arena defaults.")
    Path config;

    @Option(names = "--seed", defaultValue = "1", description = "Annotator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TaskAnnotator.Result r;
        try {
            ArenaConfig arena = config == null ? ArenaConfig.defaults() : ArenaConfig.read(config);
            r = PreferenceBatch.annotate(tasks, arena, seed, out);
        } catch (IllegalArgumentException | DataFormatException | IOException e) {
            err.println("rlhf arena annotate: " + e.getMessage());
            err.flush();
            return 2;
        }
        stdout.printf("wrote %d preference pairs to %s: %d helpfulness, %d safety (%d safety pairs dropped: unsafe "
                        + "chosen over safe; %d tasks skipped: identical responses)%n", r.pairs().size(), out,
                r.helpfulnessPairs(), r.safetyPairs(), r.dropped(), r.identical());
        stdout.flush();
        return 0;
    }
}
