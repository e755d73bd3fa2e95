package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class PpoCommandTest {

    @Test
    public void unknownConfigKeyIsNamedWithItsLine() throws Exception {
        Path dir = Files.createTempDirectory("ppo-cli");
        Path config = dir.resolve("ppo.yaml");
        Files.writeString(config, "kl_beta: 0.02\nclip_rnage: 0.3\n");
        CliRun run = CliRun.of("ppo", "--policy", dir.toString(), "--helpfulness-rm", dir.toString(),
                "--safety-rm", dir.toString(), "--prompts", dir.resolve("p.jsonl").toString(), "--out",
                dir.resolve("out").toString(), "--config", config.toString());
        assertEquals(run.exitCode(), 2, run.err());
        assertTrue(run.err().contains("line 2") && run.err().contains("clip_rnage"), run.err());
    }

    @Test
    public void aCausalLmAsRewardModelIsACleanError() throws Exception {
        Path dir = Files.createTempDirectory("ppo-cli");
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"]}");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Path prompts = dir.resolve("p.jsonl");
        Files.writeString(prompts, "{\"id\": \"a\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
                + " \"is_safety\": false, \"category\": \"c\"}\n");
        CliRun run = CliRun.of("ppo", "--policy", dir.toString(), "--helpfulness-rm", dir.toString(),
                "--safety-rm", dir.toString(), "--prompts", prompts.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(run.exitCode(), 1, run.err());
        assertTrue(run.err().contains("not a reward model"), run.err());
    }
}
