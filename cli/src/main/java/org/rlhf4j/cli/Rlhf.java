package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code rlhf} command line. */
@Command(
        name = "rlhf",
        mixinStandardHelpOptions = true,
        version = "rlhf4j 0.1.0",
        description = "The Llama 2-Chat fine-tuning recipe on Deep Java Library.",        subcommands = {
            CommandLine.HelpCommand.class,
            BenchCommand.class,
            TokenizeCommand.class,
            InfoCommand.class,
            CheckParityCommand.class,
            DemoCommand.class,
            DataCommand.class,
            ArenaCommand.class,
            GattCommand.class,
            TokenizerCommand.class,
            JudgeCommand.class,
            PretrainCommand.class,
            SftCommand.class,
        })
public final class Rlhf implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Rlhf()).execute(args));
    }
}
