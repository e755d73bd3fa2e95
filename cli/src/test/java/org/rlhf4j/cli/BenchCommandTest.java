package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class BenchCommandTest {

    @Test
    public void printsTheTableAndWritesTheJson() throws Exception {
        Path json = Files.createTempDirectory("bench").resolve("bench.json");
        CliRun run = CliRun.of("bench", "--models", "15M", "--new-tokens", "4", "--train-steps", "1",
                "--seq-len", "8", "--train-batch", "1", "--sample-batch", "3", "--rm-pairs", "2", "--rm-responses", "5",
                "--rm-tokens", "12", "--json", json.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().startsWith("model"), run.out());
        assertTrue(run.out().contains("\n15M "), run.out());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get("15M");
        for (String key : new String[] {"train_tokens_per_s", "sample_tokens_per_s_batch1",
                "sample_tokens_per_s_batch3"}) {
            assertTrue(row.get(key).asDouble() > 0, key + " in " + row);
        }
        JsonNode rm = new ObjectMapper().readTree(json.toFile()).get("rm-demo");
        assertTrue(rm.get("train_pairs_per_s").asDouble() > 0, rm.toString());
        assertTrue(rm.get("score_responses_per_s").asDouble() > 0, rm.toString());
        assertTrue(run.out().contains("reward model (demo preset"), run.out());
    }

    @Test
    public void bestOfKRowsOnTheDemoPreset() throws Exception {
        Path json = Files.createTempDirectory("bench").resolve("bench.json");
        CliRun run = CliRun.of("bench", "--models", "15M", "--new-tokens", "4", "--train-steps", "1",
                "--seq-len", "8", "--train-batch", "1", "--sample-batch", "2", "--rm-pairs", "0", "--best-of-k",
                "1,3", "--json", json.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("best-of-K on the demo preset"), run.out());
        JsonNode row = new ObjectMapper().readTree(json.toFile()).get("demo-best-of-k");
        for (String key : new String[] {"sample_tokens_per_s_batch1", "sample_tokens_per_s_batch3",
                "rm_responses_per_s_batch3"}) {
            assertTrue(row.get(key).asDouble() > 0, key + " in " + row);
        }
    }

    @Test
    public void rejectsAnUnknownModel() {
        CliRun run = CliRun.of("bench", "--models", "7B");
        assertTrue(run.exitCode() != 0);
    }
}
