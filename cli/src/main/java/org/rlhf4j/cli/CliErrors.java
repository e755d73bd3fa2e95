package org.rlhf4j.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.model.hf.HfFormatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a failed {@code rlhf} command becomes what the user sees: one line (or a few) on stderr that
 * names the input and what is wrong with it, and an {@link ExitCode}. No stack trace unless {@code --verbose} is
 * given or the environment variable {@value #VERBOSE_ENV} is set; an unexpected internal error says so and where its
 * full trace was written. Installed on the root command by {@link Rlhf#commandLine()} as picocli's execution- and
 * parameter-exception handlers and execution strategy (which also removes a failed run's unfinished output
 * directory, see {@link RunOutputs}).
 *
 * <p><b>How a command reports bad input.</b> Do not catch exceptions in a command to print them. Let them leave
 * {@code call()}: a stage library throws {@link InputException} (or a subclass such as
 * {@code data.io.DataFormatException}) whose message names the file, line, field or flag and says what is wrong in
 * the user's terms ({@code InputException.at(file, line, field, problem)}, {@code InputException.flag("--max-steps",
 * "must be >= 1")}); a command checking its own flags does the same, or throws picocli's {@link ParameterException}
 * for a malformed command line. Besides {@link InputException}, these are reported as bad input (exit 1) with their
 * message: {@link HfFormatException}, file-system errors ({@link NoSuchFileException}, {@link AccessDeniedException},
 * …, worded by {@link #describe(FileSystemException)}), Jackson's {@link JsonProcessingException}, invalid UTF-8,
 * {@link IllegalArgumentException} thrown by this project's code (config records validate in their constructors),
 * and any other {@link IOException}. Anything else is an internal error (exit 3). A command that reports many
 * problems at once (a table of every bad line, as {@code data validate} does) prints them itself and returns
 * {@link ExitCode#BAD_INPUT}.
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Environment variable that, when set to anything but {@code 0} or empty, prints stack traces. */
    public static final String VERBOSE_ENV = "RLHF_VERBOSE";

    /** The global option that prints stack traces. */
    public static final String VERBOSE_OPTION = "--verbose";

    private final boolean verboseFromEnvironment;
    private RunOutputs outputs;

    CliErrors(boolean verboseFromEnvironment) {
        this.verboseFromEnvironment = verboseFromEnvironment;
    }

    /** Installs the handlers and the output bookkeeping on {@code cli} (the root command). */
    static CommandLine install(CommandLine cli) {
        String env = System.getenv(VERBOSE_ENV);
        CliErrors errors = new CliErrors(env != null && !env.isBlank() && !env.equals("0"));
        CommandLine.RunLast runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parsed -> {
            errors.outputs = RunOutputs.before(parsed);
            return runLast.execute(parsed);
        });
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    /** What went wrong, as the user should read it, and the exit code. */
    record Verdict(int exitCode, String message) {}

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        Verdict verdict = classify(ex);
        String prefix = command.getCommandSpec().qualifiedName() + ": ";
        if (verdict.exitCode() == ExitCode.INTERNAL) {
            err.println(prefix + "internal error: " + verdict.message());
            err.println("  this is a bug or an environment failure, not a problem with the input; "
                    + traceNote(ex, parsed));
        } else {
            err.println(prefix + verdict.message());
        }
        if (outputs != null) {
            outputs.afterFailure().forEach(note -> err.println("  " + note));
        }
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return verdict.exitCode();
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String prefix = command.getCommandSpec().qualifiedName() + ": ";
        err.println(prefix + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (verboseFromEnvironment || Arrays.asList(args).contains(VERBOSE_OPTION)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * The exit code and the user's line for an exception that left a command: the outermost exception in the cause
     * chain that carries a message written for the user (an {@link InputException}, an argument check of this
     * project's code) or that can be worded for them (file-system, JSON, UTF-8 errors); else any I/O error's message;
     * else an internal error.
     */
    static Verdict classify(Throwable thrown) {
        Throwable outer = unwrap(thrown);
        for (Throwable t = outer; t != null; t = t.getCause()) {
            if (t instanceof InputException || t instanceof HfFormatException
                    || (t instanceof IllegalArgumentException && thrownByThisProject(t))) {
                return new Verdict(ExitCode.BAD_INPUT, t.getMessage());
            }
            if (t instanceof ParameterException) {
                return new Verdict(ExitCode.USAGE, t.getMessage());
            }
            if (t instanceof FileSystemException fs) {
                return new Verdict(ExitCode.BAD_INPUT, describe(fs));
            }
            if (t instanceof JsonProcessingException json) {
                return new Verdict(ExitCode.BAD_INPUT, describe(json));
            }
            if (t instanceof CharacterCodingException) {
                return new Verdict(ExitCode.BAD_INPUT, (t == outer ? "an input file" : outer.getMessage())
                        + ": not valid UTF-8");
            }
        }
        if (outer instanceof IOException || outer instanceof UncheckedIOException) {
            return new Verdict(ExitCode.BAD_INPUT, String.valueOf(outer.getMessage()));
        }
        String message = outer.getMessage();
        return new Verdict(ExitCode.INTERNAL, outer.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse("")));
    }

    /** {@code path: no such file or directory}, and so on: the file-system error in words, naming the path. */
    static String describe(FileSystemException e) {
        String what;
        if (e instanceof NoSuchFileException) {
            what = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            what = "not a directory";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "directory not empty";
        } else {
            what = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        }
        String file = e.getFile() == null ? "" : e.getFile();
        String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
        return file + other + (file.isEmpty() && other.isEmpty() ? "" : ": ") + what;
    }

    /** Jackson's error without its source excerpt: {@code line L, column C: not valid JSON: what}. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? ""
                : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + "not valid JSON: " + e.getOriginalMessage();
    }

    /** Peels the exceptions that only carry another (reflection, futures, unchecked I/O with the same message). */
    private static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && (t instanceof InvocationTargetException || t instanceof ExecutionException
                || t instanceof CompletionException || t instanceof UndeclaredThrowableException
                || t instanceof CommandLine.ExecutionException
                || (t instanceof UncheckedIOException && t.getCause().toString().equals(t.getMessage())))) {
            t = t.getCause();
        }
        return t;
    }

    /** An argument check of this project's code (a config record, a stage), not one deep inside a library. */
    private static boolean thrownByThisProject(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("org.rlhf4j.");
    }

    private boolean verbose(ParseResult parsed) {
        if (verboseFromEnvironment) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE_OPTION)) {
                return true;
            }
        }
        return false;
    }

    /** Writes the full trace to a file and says where, or says why it could not. */
    private static String traceNote(Throwable ex, ParseResult parsed) {
        try {
            Path file = Files.createTempFile("rlhf-error-", ".log");
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            List<String> args = parsed == null ? List.of() : new ArrayList<>(parsed.originalArgs());
            out.println("rlhf " + String.join(" ", args));
            out.println("java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"));
            ex.printStackTrace(out);
            out.flush();
            Files.writeString(file, text.toString());
            return "the full trace is in " + file + " (" + VERBOSE_OPTION + " prints it)";
        } catch (IOException | RuntimeException e) {
            return "the trace could not be written (" + e.getMessage() + "); " + VERBOSE_OPTION + " prints it";
        }
    }
}
