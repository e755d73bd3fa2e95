package org.rlhf4j.cli;

import org.rlhf4j.data.io.RecordKind;
import picocli.CommandLine;

/** Parses the {@code data} commands' option values that name format constants, as picocli usage errors. */
final class DataOptions {

    private DataOptions() {}

    /** The {@link RecordKind} named by {@code --kind}. */
    static RecordKind<?> kind(CommandLine.Model.CommandSpec spec, String name) {
        try {
            return RecordKind.byName(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kind: " + e.getMessage());
        }
    }

    /** {@code parse(value)}, or a usage error naming {@code option}. */
    static <T> T parse(CommandLine.Model.CommandSpec spec, String option, String value,
            java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }
}
