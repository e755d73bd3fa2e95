package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * kill -9 at a random moment of {@code rlhf pipeline run}, run it again: it finishes with the same final weights and
 * the same judged answers as an uninterrupted run (training stages resume from their run checkpoints; the others
 * are redone or reused).
 */
public class PipelineKillTest {

    private static final String SCHEDULE = """
            base_preset: tiny
            max_steps: 8
            versions: 1
            ppo_version: 1
            preference_prompts: 40
            gatt: false
            arena: {helpfulness_prompts: 120, safety_prompts: 30, borderline_prompts: 10, corpus_bytes: 30000,
                    vocab_size: 320, gatt_instructions: 5}
            pretraining: {training: {save_every: 2, progress_bar: false}}
            sft: {training: {save_every: 2, progress_bar: false}}
            """;

    private static Process start(Path config, Path out, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "org.rlhf4j.cli.Rlhf", "pipeline", "run", "--config", config.toString(), "--out", out.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double runToEnd(Path config, Path out, Path log) throws Exception {
        long t0 = System.nanoTime();
        Process p = start(config, out, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "pipeline run timed out");
        assertEquals(p.exitValue(), 0, Files.readString(log));
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    public void killedAtARandomMomentThenRerunEqualsUninterrupted() throws Exception {
        Path work = Files.createTempDirectory("pipeline-kill");
        Path config = work.resolve("schedule.yaml");
        Files.writeString(config, SCHEDULE);

        Path reference = work.resolve("reference");
        double seconds = runToEnd(config, reference, work.resolve("reference.log"));

        long seed = System.nanoTime();
        double killAfter = seconds * (0.25 + 0.65 * new Random(seed).nextDouble());
        Path killed = work.resolve("killed");
        Process p = start(config, killed, work.resolve("killed.log"));
        boolean finished = p.waitFor((long) (killAfter * 1000), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, files as the kernel left them
            p.waitFor();
        }
        String note = "killed after " + String.format("%.1f", killAfter) + " s of a " + String.format("%.1f", seconds)
                + " s run (finished first: " + finished + "); log " + work.resolve("killed.log");
        runToEnd(config, killed, work.resolve("rerun.log"));

        for (String file : new String[] {"base/model.safetensors", "sft/model.safetensors", "eval/sft/answers.jsonl",
                                         "v1/rm-helpfulness/model.safetensors", "v1/rs/model/model.safetensors",
                                         "v1/ppo/model.safetensors", "eval/v1/answers.jsonl"}) {
            assertEquals(Files.readAllBytes(killed.resolve(file)), Files.readAllBytes(reference.resolve(file)),
                    file + " differs; " + note);
        }
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(killed.resolve("report.json").toFile()).get("versions"),
                json.readTree(reference.resolve("report.json").toFile()).get("versions"), note);
    }
}
