package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.hh.HhImportConfig;
import org.rlhf4j.data.hh.HhImportReport;
import org.rlhf4j.data.hh.HhImporter;
import org.rlhf4j.data.hh.HhSkipReason;
import org.rlhf4j.data.hh.HhSubset;
import org.rlhf4j.data.io.FormatError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rlhf data import-hh --in <file[.gz]> --subset helpful|harmless --out <preferences.jsonl>}: imports
 * Anthropic HH-RLHF as preference pairs ({@link HhImporter}). Prints the counts and the first skipped records on
 * stdout. Exit code 0 when at least one pair was imported (skipped records are normal in HH), 1 when none was or a
 * file cannot be read or written ({@link ExitCode}).
 */
@Command(name = "import-hh", mixinStandardHelpOptions = true,
        description = "Import Anthropic HH-RLHF (chosen/rejected transcripts) as preference pairs.")
public final class DataImportHhCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "HH JSON Lines file (.gz is gunzipped).")
    Path in;

    @Option(names = "--subset", required = true, paramLabel = "helpful|harmless",
            description = "helpful -> axis helpfulness; harmless -> axis safety.")
    String subset;

    @Option(names = "--out", required = true, description = "Preference-pair JSON Lines file to write.")
    Path out;

    @Option(names = "--rating", defaultValue = "negligibly_better",
            description = "Rating of every pair (HH has none; default ${DEFAULT-VALUE}: margin 0).")
    String rating;

    @Option(names = "--safety-label", defaultValue = "both_unsafe",
            description = "Safety label of every harmless pair (default ${DEFAULT-VALUE}: claims least).")
    String safetyLabel;

    @Override
    public Integer call() throws IOException {
        HhImportConfig config = new HhImportConfig(
                DataOptions.parse(spec, "--subset", subset, HhSubset::fromCliName),
                DataOptions.parse(spec, "--rating", rating, Rating::fromJson),
                DataOptions.parse(spec, "--safety-label", safetyLabel, SafetyLabel::fromJson));
        PrintWriter stdout = spec.commandLine().getOut();
        HhImportReport report = HhImporter.importFile(in, out, config);
        for (FormatError skip : report.firstSkips()) {
            stdout.println(skip);
        }
        StringBuilder reasons = new StringBuilder();
        for (Map.Entry<HhSkipReason, Long> e : report.skipped().entrySet()) {
            reasons.append(reasons.length() == 0 ? "" : ", ")
                    .append(e.getKey().name().toLowerCase(Locale.ROOT)).append(' ').append(e.getValue());
        }
        stdout.printf("%s: imported %d of %d HH records into %s; skipped %d (%s)%n", in, report.imported(),
                report.records(), out, report.skippedTotal(), reasons);
        stdout.flush();
        return report.imported() > 0 ? 0 : 1;
    }
}
