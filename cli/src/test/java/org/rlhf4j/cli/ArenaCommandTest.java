package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rlhf4j.artifacts.Manifest;
import org.testng.annotations.Test;

public class ArenaCommandTest {

    @Test
    public void generateWritesAnArenaWithTheFlagsApplied() throws Exception {
        Path dir = Files.createTempDirectory("arena-cli");
        Path config = Files.createTempFile("arena", ".json");
        Files.writeString(config, "{\"safety_prompts\": 12, \"gatt_turns\": 2}");
        int rc = Rlhf.commandLine().execute("arena", "generate", "--out", dir.toString(), "--seed", "5",
                "--config", config.toString(), "--prompts", "40", "--borderline-prompts", "6", "--corpus-bytes",
                "3000", "--gatt-instructions", "4", "--safety-demo-fraction", "0.5",
                "--borderline-refusal-rate", "0.25");
        assertEquals(rc, 0);
        Manifest m = Manifest.read(dir);
        assertEquals(m.seed(), Long.valueOf(5L));
        @SuppressWarnings("unchecked")
        Map<String, Object> cfg = (Map<String, Object>) m.config();
        assertEquals(cfg.get("helpfulness_prompts"), 40);
        assertEquals(cfg.get("safety_prompts"), 12);
        assertEquals(cfg.get("borderline_prompts"), 6);
        assertEquals(cfg.get("gatt_turns"), 2);
        assertEquals(cfg.get("safety_demo_fraction"), 0.5);
        assertEquals(cfg.get("borderline_refusal_rate"), 0.25);
        assertEquals(((Number) m.metrics().get("prompts_safety")).intValue(), 12);
        assertEquals(((Number) m.metrics().get("gatt_instructions")).intValue(), 4);
        assertFalse(Files.readString(dir.resolve("corpus.txt")).isEmpty());
    }

    @Test
    public void badConfigIsAnError() throws Exception {
        Path dir = Files.createTempDirectory("arena-cli");
        Path config = Files.createTempFile("arena", ".json");
        Files.writeString(config, "{\"promptz\": 12}");
        int rc = Rlhf.commandLine().execute("arena", "generate", "--out", dir.toString(), "--config",
                config.toString());
        assertNotEquals(rc, 0);
        assertFalse(Files.exists(dir.resolve("manifest.json")));
    }
}
