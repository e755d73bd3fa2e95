package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.model.hf.HfFormatException;
import org.testng.annotations.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The shared handler on a stand-in for a command still to come: whatever it throws gets one line and the right exit
 * code, internal errors leave their trace in a file, and a failed run's output directory is removed unless it holds
 * checkpoints (then the error says how to resume).
 */
public class CliErrorsTest {

    /** A command that creates its output directory, optionally saves a checkpoint, then throws. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--throw") String kind = "none";
        @Option(names = "--out") Path out;
        @Option(names = "--resume") boolean resume;
        @Option(names = "--checkpoint") boolean checkpoint;
        @Option(names = "--verbose") boolean verbose;

        @Override
        public Integer call() throws Exception {
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("metrics.csv"), "step,loss\n1,2.0\n");
                if (checkpoint) {
                    Path step = Files.createDirectories(out.resolve("checkpoints/step-00000002"));
                    Files.writeString(step.resolve("trainer_state.json"), "{}");
                }
            }
            switch (kind) {
                case "input" -> throw InputException.at(Path.of("pairs.jsonl"), 7, "rating", "unknown rating 'meh'");
                case "flag" -> throw InputException.flag("--margin", "must be >= 0, got -1");
                case "hf" -> throw new HfFormatException("rm/model.safetensors: truncated (4 of 96 bytes)");
                case "missing" -> throw new NoSuchFileException("/no/such/file.jsonl");
                case "json" -> new ObjectMapper().readTree("{\"a\": }");
                case "utf8" -> throw new IOException("corpus.txt", new MalformedInputException(1));
                case "config" -> throw new IllegalArgumentException("kl_beta must be > 0, got 0.0");
                case "wrapped" -> {
                    try {
                        new ObjectMapper().readTree("{\"a\": }");
                    } catch (JsonProcessingException e) {
                        throw new IllegalArgumentException("ppo.yaml: line 3: unknown key 'kl_betta'", e);
                    }
                }
                case "library" -> Path.of("nul\0byte");
                case "bug" -> throw new NullPointerException("Cannot read field \"x\" because \"y\" is null");
                case "djl" -> throw new ai.djl.engine.EngineException("shape mismatch");
                default -> { }
            }
            return 0;
        }
    }

    private static CliRun probe(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliErrors.install(new CommandLine(new Probe()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    public void eachKindOfFailureGetsOneLineAndItsExitCode() {
        assertEquals(probe("--throw", "input"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: pairs.jsonl:7: rating: unknown rating 'meh'\n"));
        assertEquals(probe("--throw", "flag").err(), "probe: --margin: must be >= 0, got -1\n");
        assertEquals(probe("--throw", "hf"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: rm/model.safetensors: truncated (4 of 96 bytes)\n"));
        assertEquals(probe("--throw", "missing"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: /no/such/file.jsonl: no such file or directory\n"));
        CliRun json = probe("--throw", "json");
        assertEquals(json.exitCode(), ExitCode.BAD_INPUT);
        assertTrue(json.err().startsWith("probe: line 1, column 7: not valid JSON: Unexpected character ('}'"),
                json.err());
        assertEquals(probe("--throw", "utf8"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: corpus.txt: not valid UTF-8\n"));
        assertEquals(probe("--throw", "config"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: kl_beta must be > 0, got 0.0\n"));
        assertEquals(probe("--throw", "wrapped"), new CliRun(ExitCode.BAD_INPUT, "",
                "probe: ppo.yaml: line 3: unknown key 'kl_betta'\n"), "the project's own message wins");
        assertEquals(probe("--throw", "none").exitCode(), ExitCode.OK);
        CliRun usage = probe("--thorw", "x");
        assertEquals(usage.exitCode(), ExitCode.USAGE);
        assertTrue(usage.err().startsWith("probe: Unknown options: '--thorw', 'x'\n"), usage.err());
        assertTrue(usage.err().endsWith("Try 'probe --help' for more information.\n"), usage.err());
    }

    @Test
    public void anInternalErrorSaysSoAndWritesItsTraceToAFile() throws IOException {
        for (String kind : new String[] {"bug", "djl", "library"}) {
            CliRun run = probe("--throw", kind);
            assertEquals(run.exitCode(), ExitCode.INTERNAL);
            String[] lines = run.err().split("\n");
            assertEquals(lines.length, 2, run.err());
            assertTrue(lines[0].startsWith("probe: internal error: "), lines[0]);
            assertFalse(run.err().contains("\tat "), "no stack trace without --verbose");
            String file = lines[1].replaceAll(".*the full trace is in (\\S+) .*", "$1");
            String trace = Files.readString(Path.of(file));
            assertTrue(trace.startsWith("rlhf --throw " + kind + "\n"), trace);
            assertTrue(trace.contains("\tat org.rlhf4j.cli.CliErrorsTest$Probe.call"), trace);
            Files.delete(Path.of(file));
        }
        CliRun verbose = probe("--throw", "bug", "--verbose");
        assertTrue(verbose.err().contains("java.lang.NullPointerException: Cannot read field"), verbose.err());
        assertTrue(verbose.err().contains("\tat org.rlhf4j.cli.CliErrorsTest$Probe.call"), verbose.err());
        Files.delete(Path.of(verbose.err().split("\n")[1].replaceAll(".*the full trace is in (\\S+) .*", "$1")));
        CliRun verboseInput = probe("--throw", "input", "--verbose");
        assertTrue(verboseInput.err().startsWith("probe: pairs.jsonl:7: rating: unknown rating 'meh'\n"
                + "org.rlhf4j.artifacts.InputException: pairs.jsonl:7"), verboseInput.err());
    }

    @Test
    public void aFailedRunRemovesTheOutputItCreatedButKeepsCheckpointsAndSaysHowToResume() throws IOException {
        Path root = Files.createTempDirectory("cli-errors");
        Path fresh = root.resolve("fresh");
        assertEquals(probe("--out", fresh.toString(), "--throw", "input").exitCode(), ExitCode.BAD_INPUT);
        assertTrue(Files.notExists(fresh), "the directory this run created is gone");

        Path existing = Files.createDirectories(root.resolve("existing"));
        assertEquals(probe("--out", existing.toString(), "--throw", "input").exitCode(), ExitCode.BAD_INPUT);
        assertTrue(Files.isRegularFile(existing.resolve("metrics.csv")), "a directory that was there is left alone");

        Path midway = root.resolve("midway");
        CliRun run = probe("--out", midway.toString(), "--checkpoint", "--throw", "bug");
        assertEquals(run.exitCode(), ExitCode.INTERNAL);
        assertTrue(Files.isRegularFile(midway.resolve("checkpoints/step-00000002/trainer_state.json")));
        assertTrue(run.err().endsWith("  the run's checkpoints are kept (latest: " + midway.resolve(
                "checkpoints/step-00000002") + "); to continue, run the same command with --resume\n"), run.err());
        CliRun again = probe("--out", midway.toString(), "--checkpoint", "--resume", "--throw", "flag");
        assertTrue(again.err().endsWith("; to continue, run the same command again\n"), again.err());
    }
}
