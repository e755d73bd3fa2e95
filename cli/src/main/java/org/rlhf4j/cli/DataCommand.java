package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf data}: check, import and split the JSON Lines data sets (dialogs, prompts, preference pairs). */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Check, import and split JSON Lines data sets (dialogs, prompts, preferences).",
        subcommands = {DataValidateCommand.class, DataImportHhCommand.class, DataSplitCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
