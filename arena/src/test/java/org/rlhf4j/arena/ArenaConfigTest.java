package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class ArenaConfigTest {

    @Test
    public void missingKeysTakeTheDefaults() throws Exception {
        Path file = Files.createTempFile("arena", ".json");
        Files.writeString(file, "{\n  \"helpfulness_prompts\": 50,\n  \"annotator_temperature\": 0.3\n}\n");
        ArenaConfig c = ArenaConfig.read(file);
        ArenaConfig d = ArenaConfig.defaults();
        assertEquals(c.helpfulnessPrompts(), 50);
        assertEquals(c.annotatorTemperature(), 0.3);
        assertEquals(c.safetyPrompts(), d.safetyPrompts());
        assertEquals(c.corpusBytes(), d.corpusBytes());
        assertEquals(d.safetyDemoFraction(), 0.01);
        assertEquals(d.borderlineRefusalRate(), 0.15);
        assertEquals(d.borderlinePrompts(), 340);
        assertEquals(d.safetyTestPrompts(), 160);
        assertEquals(d.borderlineTestPrompts(), 100);
        assertEquals(ArenaConfig.fromTree(d.toTree()), d);
    }

    @Test
    public void unknownKeyIsAnErrorNamingFileLineAndKey() throws Exception {
        Path file = Files.createTempFile("arena", ".json");
        Files.writeString(file, "{\n  \"helpfulness_prompts\": 50,\n  \"prompts\": 9\n}\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ArenaConfig.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("\"prompts\""), e.getMessage());
    }

    @Test
    public void invalidValuesAreRejected() throws Exception {
        Path file = Files.createTempFile("arena", ".json");
        Files.writeString(file, "{\"better_gap\": 0.7}");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ArenaConfig.read(file));
        assertTrue(e.getMessage().contains("better_gap"), e.getMessage());
        ArenaConfig d = ArenaConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> new ArenaConfig(0, 0, 0, 0.1, 0.1, 0.1, 1.0, 0.0,
                0.15, 0.5, 0.25, 0.1, 0, 1, 1000, 256));
        assertThrows(IllegalArgumentException.class, () -> new ArenaConfig(10, 0, 0, 0.5, 0.5, 0.1, 1.0, 0.0,
                0.15, 0.5, 0.25, 0.1, 0, 1, 1000, 256));
        assertThrows(IllegalArgumentException.class, () -> new ArenaConfig(10, 0, 0, 0.1, 0.1, 1.5, 1.0, 0.0,
                0.15, 0.5, 0.25, 0.1, 0, 1, 1000, 256));
        assertThrows(IllegalArgumentException.class, () -> new ArenaConfig(10, 0, 0, 0.1, 0.1, 0.1, 1.0, 0.0,
                0.0, 0.5, 0.25, 0.1, 0, 1, 1000, 256));
        assertEquals(d.helpfulnessPrompts(), 1400);
        Files.writeString(file, "{\"safety_demo_fraction\": 1.5}");
        e = expectThrows(IllegalArgumentException.class, () -> ArenaConfig.read(file));
        assertTrue(e.getMessage().contains("safety_demo_fraction"), e.getMessage());
        Files.writeString(file, "{\"borderline_refusal_rate\": -0.1}");
        e = expectThrows(IllegalArgumentException.class, () -> ArenaConfig.read(file));
        assertTrue(e.getMessage().contains("borderline_refusal_rate"), e.getMessage());
    }
}
