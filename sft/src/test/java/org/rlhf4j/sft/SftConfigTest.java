package org.rlhf4j.sft;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;
import org.testng.annotations.Test;

public class SftConfigTest {

    @Test
    public void llama2HasThePapersValues() {
        SftConfig c = SftConfig.llama2();
        TrainingConfig t = c.training();
        assertEquals(c.sequenceLength(), 4096);
        assertFalse(c.blockDiagonalAttention());
        assertEquals(c.epochs(), 2.0);
        assertNull(c.maxSteps());
        assertEquals(t.effectiveBatchSize(), 64);
        assertEquals(t.schedule().kind(), ScheduleConfig.Kind.COSINE);
        assertEquals(t.schedule().peakLearningRate(), 2e-5);
        assertEquals(t.schedule().floorFraction(), 0.1);
        assertEquals(t.schedule().warmupFraction(), 0.03);
        assertEquals(t.schedule().minWarmupSteps(), 5);
        assertEquals(t.adamw().beta1(), 0.9);
        assertEquals(t.adamw().beta2(), 0.95);
        assertEquals(t.adamw().epsilon(), 1e-5);
        assertEquals(t.adamw().weightDecay(), 0.1);
        assertEquals(t.clipNorm(), 1.0);
    }

    @Test
    public void stepsComeFromEpochsTimesRowsOverBatchUnlessMaxStepsIsSet() {
        SftConfig c = SftConfig.llama2(); // 2 epochs, batch 64
        assertEquals(c.steps(640), 20);
        assertEquals(c.steps(650), 21); // 1300 / 64 = 20.3 → 21
        assertEquals(c.steps(10), 1);
        assertEquals(c.resolvedTraining(650).maxSteps(), 21);
        assertEquals(c.resolved(650).maxSteps(), Integer.valueOf(21));
        SftConfig capped = c.withOverrides(7, 3, 99L);
        assertEquals(capped.steps(650), 7);
        assertEquals(capped.training().saveEvery(), 3);
        assertEquals(capped.training().seed(), 99L);
        expectThrows(IllegalArgumentException.class, () -> c.steps(0));
    }

    @Test
    public void yamlOverridesTheDefaultsAndUnknownKeysAreErrors() throws Exception {
        Path file = Files.createTempFile("sft", ".yaml");
        Files.writeString(file, "sequence_length: 128\nblock_diagonal_attention: true\noverflow_policy: DROP\n"
                + "training:\n  micro_batch_size: 4\n  schedule:\n    peak_learning_rate: 0.001\n");
        SftConfig c = SftConfig.read(file, SftConfig.llama2());
        assertEquals(c.sequenceLength(), 128);
        assertTrue(c.blockDiagonalAttention());
        assertEquals(c.overflowPolicy(), OverflowPolicy.DROP);
        assertEquals(c.training().microBatchSize(), 4);
        assertEquals(c.training().accumulationSteps(), 8); // kept from the defaults
        assertEquals(c.training().schedule().peakLearningRate(), 1e-3);
        assertEquals(c.epochs(), 2.0);

        Files.writeString(file, "sequence_length: 128\ntraining:\n  micro_batch_sise: 4\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> SftConfig.read(file, SftConfig.llama2()));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("micro_batch_sise"), e.getMessage());

        Files.writeString(file, "training:\n  max_steps: 5\n");
        e = expectThrows(IllegalArgumentException.class, () -> SftConfig.read(file, SftConfig.llama2()));
        assertTrue(e.getMessage().contains("top-level max_steps"), e.getMessage());

        Files.writeString(file, "epochs: 0\n");
        e = expectThrows(IllegalArgumentException.class, () -> SftConfig.read(file, SftConfig.llama2()));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    public void theDemoConfigsFitTheDemoModel() {
        for (SftConfig c : new SftConfig[] {SftConfig.demo(), SftConfig.demoPretraining()}) {
            assertTrue(c.sequenceLength() <= org.rlhf4j.model.LlamaConfig.preset("demo").maxPositions());
            assertEquals(c.packing().padId(), 0);
        }
    }
}
