package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.artifacts.Manifest;
import org.testng.annotations.Test;

/** The demo pipeline end to end on a small arena with capped training, then resumed from its artifacts. */
public class DemoCommandTest {

    @Test
    public void runsEveryStageThenReusesThem() throws Exception {
        Path work = Files.createTempDirectory("demo");
        Path arenaConfig = work.resolve("arena.json");
        Files.writeString(arenaConfig, "{\"helpfulness_prompts\": 120, \"safety_prompts\": 30, "
                + "\"borderline_prompts\": 10, \"corpus_bytes\": 30000, \"vocab_size\": 320, \"gatt_instructions\": 5}");
        Path out = work.resolve("run");
        String[] args = {"demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(), "--preset", "tiny",
                "--max-steps", "3", "--seed", "4"};

        CliRun first = CliRun.of(args);
        assertEquals(first.exitCode(), 0, first.out() + first.err());
        for (String stage : new String[] {"arena", "base", "sft"}) {
            Manifest m = Manifest.read(out.resolve(stage));
            assertEquals(m.seed(), Long.valueOf(4), stage);
            assertTrue(first.out().contains("writing " + out.resolve(stage)), first.out());
        }
        assertEquals(Manifest.read(out.resolve("base")).kind(), "base-model");
        assertEquals(Manifest.read(out.resolve("sft")).kind(), "sft-model");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int prompts = report.get("sft").get("prompts").asInt();
        assertTrue(prompts > 0);
        JsonNode winTieLoss = report.get("sft_vs_base");
        assertEquals(winTieLoss.get("wins").asInt() + winTieLoss.get("ties").asInt()
                + winTieLoss.get("losses").asInt(), prompts, winTieLoss.toString());
        double helpfulness = report.get("sft").get("mean_helpfulness").asDouble();
        assertTrue(helpfulness >= 0 && helpfulness <= 1);

        byte[] sftWeights = Files.readAllBytes(out.resolve("sft/model.safetensors"));
        CliRun second = CliRun.of(args);
        assertEquals(second.exitCode(), 0, second.err());
        for (String stage : new String[] {"arena", "base", "sft"}) {
            assertTrue(second.out().contains("reusing " + out.resolve(stage)), second.out());
        }
        assertEquals(Files.readAllBytes(out.resolve("sft/model.safetensors")), sftWeights);
        assertEquals(new ObjectMapper().readTree(out.resolve("report.json").toFile()), report,
                "same models, same greedy answers, same report");

        CliRun otherSeed = CliRun.of("demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(),
                "--seed", "5");
        assertTrue(otherSeed.exitCode() != 0, "a directory made with another seed is not silently reused");
    }
}
