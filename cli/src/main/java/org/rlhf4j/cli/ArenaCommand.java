package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf arena ...}: the simulated annotation vendor (ARENA.md). */
@Command(
        name = "arena",
        mixinStandardHelpOptions = true,
        description = "The arena: a seeded simulated annotation vendor (prompts, judge, demos, preferences).",
        subcommands = {ArenaGenerateCommand.class, ArenaAnnotateCommand.class})
public final class ArenaCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
