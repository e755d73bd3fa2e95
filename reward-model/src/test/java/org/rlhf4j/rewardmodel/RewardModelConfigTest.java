package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.testng.annotations.Test;

public class RewardModelConfigTest {

    @Test
    public void safetyDemoTrainsLongerWithTheStrongerAnchor() {
        RewardModelConfig d = RewardModelConfig.demo();
        RewardModelConfig s = RewardModelConfig.demoSafety();
        assertEquals(s.epochs(), 2.0);
        assertEquals(s.safetyLabelLossWeight(), 1.0);
        assertEquals(d.safetyLabelLossWeight(), 0.1);
        // everything else is the demo's
        assertEquals(s.training(), d.training());
        assertEquals(s.mixture(), d.mixture());
        assertEquals(s.margin(), d.margin());
        // 2 epochs of 800 pairs at 32 per update
        assertEquals(s.steps(800), 50);
        assertEquals(d.steps(800), 25);
    }

    @Test
    public void paperValues() {
        RewardModelConfig c = RewardModelConfig.llama2();
        assertEquals(c.pairsPerUpdate(), 512);
        assertEquals(c.epochs(), 1.0);
        assertNull(c.maxSteps());
        assertEquals(c.margin(), MarginTable.SMALL);
        assertEquals(c.training().schedule().peakLearningRate(), 1e-5);
        assertEquals(c.training().schedule().floorFraction(), 0.1);
        assertEquals(c.training().schedule().warmupFraction(), 0.03);
        assertEquals(c.training().schedule().minWarmupSteps(), 5);
        assertEquals(c.heldOut().testPairsPerBatch(), 1000);
        assertEquals(c.mixture().otherToHelpfulnessRatio(), 1.0);
        assertEquals(c.mixture().safetyShare(), 0.9);
        long p70 = LlamaConfig.preset("llama2-70b").parameterCount(HeadKind.SEQUENCE_CLASSIFICATION);
        long p7 = LlamaConfig.preset("llama2-7b").parameterCount(HeadKind.SEQUENCE_CLASSIFICATION);
        assertEquals(RewardModelConfig.llama2(p70).training().schedule().peakLearningRate(), 5e-6);
        assertEquals(RewardModelConfig.llama2(p7).training().schedule().peakLearningRate(), 1e-5);
        // 1 epoch of 100,000 pairs at 512 per update
        assertEquals(c.steps(100_000), 196);
        assertEquals(c.resolved(100_000).training().maxSteps(), 196);
    }

    @Test
    public void fileOverridesAndUnknownKeys() throws IOException {
        Path f = Files.createTempFile("rm", ".yaml");
        Files.writeString(f, "margin: large\nmixture:\n  safety_share: 0.8\ntraining:\n  micro_batch_size: 2\n");
        RewardModelConfig c = RewardModelConfig.read(f, RewardModelConfig.demo());
        assertEquals(c.margin(), MarginTable.LARGE);
        assertEquals(c.mixture().safetyShare(), 0.8);
        assertEquals(c.mixture().otherToHelpfulnessRatio(), 1.0);
        assertEquals(c.training().microBatchSize(), 2);
        Files.writeString(f, "margins: large\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> RewardModelConfig.read(f, RewardModelConfig.demo()));
        assertTrue(e.getMessage().contains("line 1: unknown key 'margins'"), e.getMessage());
        Files.writeString(f, "mixture:\n  safety_share: 0\n");
        IllegalArgumentException bad = expectThrows(IllegalArgumentException.class,
                () -> RewardModelConfig.read(f, RewardModelConfig.demo()));
        assertTrue(bad.getMessage().contains("safety_share"), bad.getMessage());
        Files.delete(f);
    }
}
