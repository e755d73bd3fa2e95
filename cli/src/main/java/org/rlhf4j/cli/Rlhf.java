package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code rlhf} command line. Errors are reported by {@link CliErrors} with the codes of
 * {@link ExitCode}; run commands through {@link #commandLine()} (as {@link #main} does) to get that reporting.
 */
@Command(
        name = "rlhf",
        mixinStandardHelpOptions = true,
        version = "rlhf4j 0.1.0",
        description = "The Llama 2-Chat fine-tuning recipe on Deep Java Library.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:bad input (a file, directory, config or flag value), or a check failed",
            "2:usage error (unknown or missing option, malformed value)",
            "3:internal error (the full trace is written to a file)"},
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchCommand.class,
            ChatCommand.class,
            TokenizeCommand.class,
            InfoCommand.class,
            CheckParityCommand.class,
            DemoCommand.class,
            DataCommand.class,
            ArenaCommand.class,
            PreferencesCommand.class,
            GattCommand.class,
            TokenizerCommand.class,
            JudgeCommand.class,
            PretrainCommand.class,
            SftCommand.class,
            PipelineCommand.class,
            RewardCommand.class,
            PpoCommand.class,
            RsCommand.class,
            DistillCommand.class,
            ContextDistillCommand.class,
        })
public final class Rlhf implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = CliErrors.VERBOSE_OPTION, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (also: environment variable " + CliErrors.VERBOSE_ENV
                    + "=1).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The root command with the shared error reporting ({@link CliErrors}) installed. */
    public static CommandLine commandLine() {
        return CliErrors.install(new CommandLine(new Rlhf()));
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable t) { // an Error (out of memory, a missing native library) that picocli lets through
            System.err.println("rlhf: internal error: " + t);
            if (System.getenv(CliErrors.VERBOSE_ENV) != null || java.util.Arrays.asList(args).contains(
                    CliErrors.VERBOSE_OPTION)) {
                t.printStackTrace();
            }
            code = ExitCode.INTERNAL;
        }
        System.exit(code);
    }
}
