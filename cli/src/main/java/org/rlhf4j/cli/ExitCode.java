package org.rlhf4j.cli;

/**
 * The exit codes of every {@code rlhf} command (documented in the README's "Exit codes and errors").
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>bad input: a file, directory, config or flag value cannot be used (missing, of the wrong
 *       kind, malformed, out of range), or a check found a problem ({@code data validate}, {@code check-parity})</td></tr>
 *   <tr><td>2</td><td>usage error: the command line itself is wrong (unknown or missing option, a value of the wrong
 *       type or not among the allowed names)</td></tr>
 *   <tr><td>3</td><td>internal error: a bug or an environment failure, not the user's input; the full trace is
 *       written to a file</td></tr>
 * </table>
 */
public final class ExitCode {

    /** The command did what it was asked. */
    public static final int OK = 0;

    /** An input (file, directory, config, flag value) cannot be used, or a check failed. */
    public static final int BAD_INPUT = 1;

    /** The command line is malformed (picocli's parameter errors). */
    public static final int USAGE = 2;

    /** Anything else: a bug or an environment failure. */
    public static final int INTERNAL = 3;

    private ExitCode() {}
}
