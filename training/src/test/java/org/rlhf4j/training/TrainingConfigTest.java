package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class TrainingConfigTest {

    private static Path write(String name, String text) throws IOException {
        Path dir = Files.createTempDirectory("training-config");
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    public void paperDefaults() {
        TrainingConfig c = TrainingConfig.llama2Sft();
        assertEquals(c.effectiveBatchSize(), 64);
        assertEquals(c.clipNorm(), 1.0);
        assertEquals(c.adamw(), new AdamWConfig(0.9, 0.95, 1e-5, 0.1, true));
        assertEquals(c.schedule().peakLearningRate(), 2e-5);
        assertNull(c.schedule().warmupSteps());
    }

    @Test
    public void yamlOverridesOnlyTheKeysItNames() throws IOException {
        Path file = write("run.yaml", """
                max_steps: 200
                accumulation_steps: 2
                schedule:
                  peak_learning_rate: 1.0e-5
                  warmup_steps: 7
                adamw:
                  weight_decay: 0.0
                """);
        TrainingConfig c = TrainingConfig.read(file);
        assertEquals(c.maxSteps(), 200);
        assertEquals(c.accumulationSteps(), 2);
        assertEquals(c.microBatchSize(), 8); // default kept
        assertEquals(c.schedule().peakLearningRate(), 1e-5);
        assertEquals(c.schedule().warmupSteps(), Integer.valueOf(7));
        assertEquals(c.schedule().floorFraction(), 0.1); // nested default kept
        assertEquals(c.adamw().weightDecay(), 0.0);
        assertEquals(c.adamw().beta2(), 0.95);
    }

    @Test
    public void unknownKeyNamesFileLineAndKey() throws IOException {
        Path file = write("bad.yaml", """
                max_steps: 200
                schedule:
                  kind: cosine
                  warmup_stepz: 7
                """);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> TrainingConfig.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("schedule.warmup_stepz"), e.getMessage());
    }

    @Test
    public void invalidValueNamesFileLineAndField() throws IOException {
        Path file = write("bad.json", "{\n  \"seed\": 3,\n  \"max_steps\": 0\n}\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> TrainingConfig.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("max_steps"), e.getMessage());
    }

    @Test
    public void unknownScheduleKindIsRejected() throws IOException {
        Path file = write("bad.yaml", "schedule:\n  kind: linear\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> TrainingConfig.read(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    public void jsonRoundTrip() throws IOException {
        TrainingConfig c = new TrainingConfig(50, 4, 3, ScheduleConfig.constant(1e-6), AdamWConfig.llama2(), 0.5, 10,
                2, 5, 7L, false);
        Path file = write("c.json", StrictConfigFile.mapper(Path.of("c.json")).writeValueAsString(c));
        assertEquals(TrainingConfig.read(file), c);
    }

    @Test
    public void warmupLongerThanTheRunIsRejected() {
        ScheduleConfig s = new ScheduleConfig(ScheduleConfig.Kind.COSINE, 1e-5, 10, 0.03, 5, 0.1);
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingConfig(10, 1, 1, s, AdamWConfig.llama2(), 1.0, 0, 1, 1, 0, false));
    }
}
