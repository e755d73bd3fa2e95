package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf preferences ...}: preference data from the latest models (paper §3.2.1). */
@Command(
        name = "preferences",
        mixinStandardHelpOptions = true,
        description = "Preference data: comparison tasks sampled from the latest models, for annotators.",
        subcommands = {PreferencesSampleCommand.class})
public final class PreferencesCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
