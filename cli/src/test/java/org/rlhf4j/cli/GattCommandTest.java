package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class GattCommandTest {

    @Test
    public void anInstructionFileWithBadLinesIsNamedLineByLine() throws Exception {
        Path dir = Files.createTempDirectory("gatt-cli");
        Path instructions = dir.resolve("constraints.jsonl");
        Files.writeString(instructions, "{\"kind\":\"figure\",\"value\":\"pirate\",\"text\":\"Act as a pirate.\"}\n"
                + "{\"kind\":\"style\"\n");
        Path prompts = dir.resolve("prompts.jsonl");
        Files.writeString(prompts, "{\"id\":\"p\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi?\"}],"
                + "\"is_safety\":false,\"category\":\"x\"}\n");
        CliRun run = CliRun.of("gatt", "synthesize", "--model", dir.resolve("no-model").toString(), "--instructions",
                instructions.toString(), "--prompts", prompts.toString(), "--out", dir.resolve("out.jsonl").toString());
        assertEquals(run.exitCode(), 1, run.err());
        assertTrue(run.err().contains(instructions + ":1: short_text"), run.err());
        assertTrue(run.err().contains(instructions + ":2: json"), run.err());
        assertTrue(!Files.exists(dir.resolve("out.jsonl")));
    }

    @Test
    public void anUnknownFilterIsAUsageError() {
        CliRun run = CliRun.of("gatt", "synthesize", "--model", "m", "--instructions", "i", "--prompts", "p",
                "--out", "o", "--filter", "magic");
        assertEquals(run.exitCode(), 2, run.err());
        assertTrue(run.err().contains("--filter must be arena or none"), run.err());
    }

    @Test
    public void zeroRoundsIsAnErrorBeforeAnythingRuns() throws Exception {
        Path dir = Files.createTempDirectory("gatt-rounds-cli");
        CliRun run = CliRun.of("gatt", "run", "--model", dir.resolve("m").toString(), "--arena",
                dir.resolve("a").toString(), "--out", dir.resolve("out").toString(), "--rounds", "0");
        assertEquals(run.exitCode(), 1, run.err());
        assertTrue(run.err().contains("rounds must be >= 1, got 0"), run.err());
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }
}
