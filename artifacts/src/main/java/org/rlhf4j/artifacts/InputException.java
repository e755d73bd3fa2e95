package org.rlhf4j.artifacts;

import java.nio.file.Path;

/**
 * An input the user gave cannot be used: a file that is missing, of the wrong kind or malformed, a flag's value, a
 * config. The message names the input and says what is wrong in the user's terms, in the form compilers use:
 * {@code input[:line]: [field: ]problem}, e.g. {@code prompts/test.jsonl:1: expected a dialogs file …} or
 * {@code /no/such/dir: no such directory; expected a model directory (config.json + model.safetensors)}.
 *
 * <p>Stage libraries throw it (or a subclass) for anything the user can fix by changing what they pass in; the
 * command line prints the message as one line and exits with the "bad input" code, without a stack trace. Anything
 * else that escapes a command is reported as an internal error. Unchecked, so it can leave iterators and record
 * constructors.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final long line;
    private final String field;
    private final String problem;

    /**
     * @param input the file, directory or flag as the user named it, or {@code null} when none applies
     * @param line 1-based line number, or 0 when not about a line
     * @param field the field (JSON path, config key), or {@code null}
     * @param problem what is wrong, in the user's terms
     * @param cause the underlying exception, or {@code null}
     */
    public InputException(String input, long line, String field, String problem, Throwable cause) {
        super(format(input, line, field, problem), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
        this.input = input;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    /** {@code file: problem}. */
    public InputException(Path file, String problem) {
        this(String.valueOf(file), 0, null, problem, null);
    }

    /** {@code file: problem}, with the exception that revealed it. */
    public InputException(Path file, String problem, Throwable cause) {
        this(String.valueOf(file), 0, null, problem, cause);
    }

    /** {@code file:line: field: problem}. */
    public static InputException at(Path file, long line, String field, String problem) {
        return new InputException(String.valueOf(file), line, field, problem, null);
    }

    /** {@code --flag: problem}, for a flag or config value that is out of range or inconsistent with the inputs. */
    public static InputException flag(String flag, String problem) {
        return new InputException(flag, 0, null, problem, null);
    }

    /**
     * {@code file:line: not valid JSON (expected WHAT): Jackson's message, column C}: a file that is not the JSON it
     * should be, with the line and column where the parser gave up.
     *
     * @param expected what the file should hold, e.g. {@code "a Hugging Face tokenizer.json"}
     */
    public static InputException notJson(Path file, com.fasterxml.jackson.core.JsonProcessingException e,
                                         String expected) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        long line = at == null || at.getLineNr() < 1 ? 0 : at.getLineNr();
        String column = at == null || at.getColumnNr() < 1 ? "" : " (column " + at.getColumnNr() + ")";
        return new InputException(String.valueOf(file), line, null, "not valid JSON"
                + (expected == null ? "" : "; expected " + expected) + ": " + e.getOriginalMessage() + column, e);
    }

    /** The file, directory or flag as the user named it, or {@code null}. */
    public String input() {
        return input;
    }

    /** 1-based line number, or 0. */
    public long line() {
        return line;
    }

    /** The field, or {@code null}. */
    public String field() {
        return field;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    private static String format(String input, long line, String field, String problem) {
        StringBuilder s = new StringBuilder();
        if (input != null) {
            s.append(input);
            if (line > 0) {
                s.append(':').append(line);
            }
            s.append(": ");
        }
        if (field != null) {
            s.append(field).append(": ");
        }
        return s.append(problem).toString();
    }
}
