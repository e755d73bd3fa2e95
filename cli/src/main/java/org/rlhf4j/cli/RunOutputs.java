package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.pipeline.StageRecord;
import org.rlhf4j.pipeline.StageRunner;
import org.rlhf4j.training.RunCheckpoint;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The output directories of one command run, noted before it starts, so that a failed run leaves nothing
 * half-written: a directory the run created is removed again unless it holds run checkpoints, and a run that stopped
 * after saving checkpoints is told how to continue ({@code --resume}). Outputs are the options named {@code --out}
 * or {@code --out-dir} of type {@link Path}; an option that names a file (judge's {@code --out answers.jsonl}) is
 * left alone, since files are written atomically and never half-written.
 */
final class RunOutputs {

    private static final List<String> OUTPUT_OPTIONS = List.of("--out", "--out-dir");

    private final ParseResult command;
    private final List<Path> created = new ArrayList<>();
    private final List<Path> existing = new ArrayList<>();

    private RunOutputs(ParseResult command) {
        this.command = command;
        for (String name : OUTPUT_OPTIONS) {
            OptionSpec option = command.matchedOption(name);
            if (option != null && option.getValue() instanceof Path dir) {
                (Files.exists(dir) ? existing : created).add(dir);
            }
        }
    }

    /** Notes which output directories of the innermost command of {@code parsed} already exist. */
    static RunOutputs before(ParseResult parsed) {
        ParseResult innermost = parsed;
        while (innermost.subcommand() != null) {
            innermost = innermost.subcommand();
        }
        return new RunOutputs(innermost);
    }

    /**
     * After a failure: removes the directories this run created and left without checkpoints, and returns the lines
     * to add to the error (what was removed, or where the checkpoints are and how to continue).
     */
    List<String> afterFailure() {
        List<String> notes = new ArrayList<>();
        for (Path dir : created) {
            if (Files.isDirectory(dir) && latestCheckpoint(dir).isEmpty() && !holdsFinishedStages(dir)) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    notes.add("could not remove the unfinished output " + dir + ": " + e.getMessage());
                }
            }
        }
        List<Path> all = new ArrayList<>(existing);
        all.addAll(created);
        for (Path dir : all) {
            if (holdsFinishedStages(dir)) {
                notes.add("the finished stages in " + dir + " are kept; to continue, run the same command again");
                continue;
            }
            Optional<Path> checkpoint = latestCheckpoint(dir);
            if (checkpoint.isPresent()) {
                String resume = command.commandSpec().findOption("--resume") == null ? ""
                        : command.hasMatchedOption("--resume") ? "; to continue, run the same command again"
                        : "; to continue, run the same command with --resume";
                notes.add("the run's checkpoints are kept (latest: " + checkpoint.get() + ")" + resume);
            }
        }
        return notes;
    }

    /** A pipeline run directory with stage records: its finished stages are reused by the next run. */
    private static boolean holdsFinishedStages(Path dir) {
        try {
            return StageRunner.recordsUnder(dir).stream().anyMatch(StageRecord::done);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Path> latestCheckpoint(Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try {
            return RunCheckpoint.latest(checkpoints);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

}
