package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
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
    public void safetyDemoTrainsLongerWithTheStrongerBalancedAnchor() {
        RewardModelConfig d = RewardModelConfig.demo();
        RewardModelConfig s = RewardModelConfig.demoSafety();
        assertEquals(s.epochs(), 6.0);
        assertEquals(s.safetyLabelLossWeight(), 1.0);
        assertEquals(d.safetyLabelLossWeight(), 0.1);
        // class-balanced, unsafe terms anchored at the gate logit(0.15) = ln(0.15 / 0.85)
        assertTrue(s.safetyLabelClassBalance());
        assertEquals(s.safetyLabelUnsafeOffset(), Math.log(0.15 / 0.85), 1e-12);
        assertEquals(s.safetyLabelUnsafeOffset(), -1.7346010554, 1e-9);
        // the other presets keep plain cross-entropy
        for (RewardModelConfig plain : new RewardModelConfig[] {d, RewardModelConfig.llama2()}) {
            assertFalse(plain.safetyLabelClassBalance());
            assertEquals(plain.safetyLabelUnsafeOffset(), 0.0);
        }
        // everything else is the demo's
        assertEquals(s.training(), d.training());
        assertEquals(s.mixture(), d.mixture());
        assertEquals(s.margin(), d.margin());
        // 6 epochs (Safety RM) and 3 (Helpfulness RM) of 800 pairs at 32 per update
        assertEquals(d.epochs(), 3.0);
        assertEquals(s.steps(800), 150);
        assertEquals(d.steps(800), 75);
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
        Files.writeString(f, "safety_label_class_balance: true\nsafety_label_unsafe_offset: -1.5\n");
        RewardModelConfig anchored = RewardModelConfig.read(f, RewardModelConfig.demo());
        assertTrue(anchored.safetyLabelClassBalance());
        assertEquals(anchored.safetyLabelUnsafeOffset(), -1.5);
        Files.writeString(f, "safety_label_unsafe_offset: 0.5\n");
        IllegalArgumentException above = expectThrows(IllegalArgumentException.class,
                () -> RewardModelConfig.read(f, RewardModelConfig.demo()));
        assertTrue(above.getMessage().contains("safety_label_unsafe_offset"), above.getMessage());
        Files.delete(f);
    }
}
