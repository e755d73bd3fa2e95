package org.rlhf4j.rejectionsampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.testng.annotations.Test;

public class RejectionSamplingConfigTest {

    @Test
    public void presetsAreValidAndDocumentedValues() {
        RejectionSamplingConfig demo = RejectionSamplingConfig.demo();
        assertEquals(demo.k(), 8);
        assertEquals(demo.rewardFunction(), RewardFunction.GATED);
        assertEquals(demo.poolPolicy(), PoolPolicy.RESCORE);
        assertEquals(demo.fineTune().maxSteps(), Integer.valueOf(50));
        assertEquals(demo.temperatures(), List.of(0.5, 0.6, 0.7));
        assertEquals(demo.fineTune().training().schedule().peakLearningRate(), 5e-4);
        assertEquals(demo.sftReplay(), 1.0);
        assertEquals(demo.sftReplayKeep(), 0.75);
        assertEquals(RejectionSamplingConfig.llama2().sftReplayKeep(), 1.0, "the paper does not replay: no filter");
        assertEquals(RejectionSamplingConfig.llama2().sftReplay(), 0.0, "the paper fine-tunes on the selections alone");
        assertEquals(RejectionSamplingConfig.llama2().k(), 8);
        assertTrue(RejectionSamplingConfig.llama2().temperatures().contains(1.2));
    }

    @Test
    public void kBelowOneIsRejected() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.demo().withK(0));
        assertTrue(e.getMessage().contains("k (samples per prompt) must be >= 1"), e.getMessage());
    }

    @Test
    public void shardsMustHoldWholeBatches() {
        assertThrows(IllegalArgumentException.class, () -> RejectionSamplingConfig.demo().withShardSize(12));
        assertEquals(RejectionSamplingConfig.demo().withShardSize(16).shardSize(), 16);
    }

    @Test
    public void greedyTemperatureIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.demo().withTemperatures(List.of(1.0, 0.0)));
    }

    @Test
    public void fileOverridesAndUnknownKeysFail() throws Exception {
        Path dir = Files.createTempDirectory("rs-config");
        Path good = dir.resolve("rs.yaml");
        Files.writeString(good, "k: 4\npool_policy: STORED\nfine_tune:\n  max_steps: 7\n");
        RejectionSamplingConfig c = RejectionSamplingConfig.read(good, RejectionSamplingConfig.demo());
        assertEquals(c.k(), 4);
        assertEquals(c.poolPolicy(), PoolPolicy.STORED);
        assertEquals(c.fineTune().maxSteps(), Integer.valueOf(7));
        assertEquals(c.temperatures(), RejectionSamplingConfig.demo().temperatures());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "k: 4\nbest_of: 3\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.read(bad, RejectionSamplingConfig.demo()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("best_of"), e.getMessage());
        Path zero = dir.resolve("zero.yaml");
        Files.writeString(zero, "k: 0\n");
        e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.read(zero, RejectionSamplingConfig.demo()));
        assertTrue(e.getMessage().contains("k (samples per prompt) must be >= 1"), e.getMessage());
        Path negative = dir.resolve("negative.yaml");
        Files.writeString(negative, "sft_replay: -0.5\n");
        e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.read(negative, RejectionSamplingConfig.demo()));
        assertTrue(e.getMessage().contains("sft_replay"), e.getMessage());
        Path half = dir.resolve("half.yaml");
        Files.writeString(half, "sft_replay: 0.5\n");
        assertEquals(RejectionSamplingConfig.read(half, RejectionSamplingConfig.demo()).sftReplay(), 0.5);
        Path keepZero = dir.resolve("keep-zero.yaml");
        Files.writeString(keepZero, "sft_replay_keep: 0\n");
        e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSamplingConfig.read(keepZero, RejectionSamplingConfig.demo()));
        assertTrue(e.getMessage().contains("sft_replay_keep") && e.getMessage().contains("(0, 1]"), e.getMessage());
        Path keepHalf = dir.resolve("keep-half.yaml");
        Files.writeString(keepHalf, "sft_replay_keep: 0.5\n");
        assertEquals(RejectionSamplingConfig.read(keepHalf, RejectionSamplingConfig.demo()).sftReplayKeep(), 0.5);
    }
}
