package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.data.io.ErrorPolicy;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rlhf data validate --kind dialogs|prompts|preferences|tasks <file>}: prints every error as
 * {@code file:line: field: problem} on stdout, then a summary {@code file: N good, M bad, B blank lines}. Exit code 0
 * when every non-blank line is valid, 1 when a line is bad or the file cannot be read, 2 on a usage error.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a JSON Lines data file line by line; exit 1 if any line is bad.")
public final class DataValidateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "dialogs|prompts|preferences|tasks",
            description = "Record kind of the file.")
    String kind;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON Lines file.")
    Path file;

    @Override
    public Integer call() throws IOException {
        RecordKind<?> recordKind = DataOptions.kind(spec, kind);
        PrintWriter out = spec.commandLine().getOut();
        try (JsonlReader<?> reader = JsonlReader.open(file, recordKind, ErrorPolicy.SKIP_AND_COUNT, out::println)) {
            while (reader.hasNext()) {
                reader.next();
            }
            out.printf("%s: %d good, %d bad, %d blank lines (%s)%n", file, reader.goodLines(), reader.badLines(),
                    reader.blankLines(), recordKind);
            out.flush();
            return reader.badLines() == 0 ? ExitCode.OK : ExitCode.BAD_INPUT;
        }
    }
}
