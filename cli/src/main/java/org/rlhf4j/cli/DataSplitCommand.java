package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.data.io.ErrorPolicy;
import org.rlhf4j.data.split.DatasetSplitter;
import org.rlhf4j.data.split.Split;
import org.rlhf4j.data.split.SplitConfig;
import org.rlhf4j.data.split.SplitReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rlhf data split --kind K --in <file> --out-dir <dir> [--train 0.8 --validation 0.1 --test 0.1]
 * [--skip-bad]}: writes {@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl} and {@code manifest.json}
 * into the directory, by a hash of each record's prompt ({@link org.rlhf4j.data.split.PromptSplitter}). Exit code 0
 * on success, 1 on a bad input line (without {@code --skip-bad}) or when a file cannot be read or written.
 */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Split a data file into train/validation/test by a hash of each prompt.")
public final class DataSplitCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "dialogs|prompts|preferences|tasks")
    String kind;

    @Option(names = "--in", required = true, description = "The JSON Lines file to split.")
    Path in;

    @Option(names = "--out-dir", required = true, description = "Directory for the three files and the manifest.")
    Path outDir;

    @Option(names = "--train", defaultValue = "0.8", description = "Fraction of prompts (default ${DEFAULT-VALUE}).")
    double train;

    @Option(names = "--validation", defaultValue = "0.1", description = "Fraction (default ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test", defaultValue = "0.1", description = "Fraction (default ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--skip-bad", description = "Skip bad input lines instead of failing at the first.")
    boolean skipBad;

    @Override
    public Integer call() throws IOException {
        SplitConfig config;
        try {
            config = new SplitConfig(train, validation, test);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        SplitReport report = DatasetSplitter.split(in, DataOptions.kind(spec, kind), outDir, config,
                skipBad ? ErrorPolicy.SKIP_AND_COUNT : ErrorPolicy.FAIL_FAST);
        out.printf("%s: %d train, %d validation, %d test records into %s; %d bad lines skipped%n", in,
                report.records().get(Split.TRAIN), report.records().get(Split.VALIDATION),
                report.records().get(Split.TEST), outDir, report.badLines());
        out.flush();
        return 0;
    }
}
