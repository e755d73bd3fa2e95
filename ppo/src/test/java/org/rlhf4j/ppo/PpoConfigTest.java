package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.testng.annotations.Test;

public class PpoConfigTest {

    @Test
    public void paperValuesBySize() {
        PpoConfig seven = PpoConfig.llama2(LlamaConfig.preset("llama2-7b").parameterCount(HeadKind.CAUSAL_LM));
        assertEquals(seven.klBeta(), 0.01);
        assertEquals(PpoConfig.llama2(LlamaConfig.preset("llama2-13b").parameterCount(HeadKind.CAUSAL_LM))
                .klBeta(), 0.01);
        assertEquals(PpoConfig.llama2(LlamaConfig.preset("llama2-34b").parameterCount(HeadKind.CAUSAL_LM))
                .klBeta(), 0.005);
        assertEquals(PpoConfig.llama2(LlamaConfig.preset("llama2-70b").parameterCount(HeadKind.CAUSAL_LM))
                .klBeta(), 0.005);
        assertEquals(seven.promptsPerIteration(), 512);
        assertEquals(seven.miniBatchSize(), 64);
        assertEquals(seven.ptxCoefficient(), 0.0, "Llama 2's PPO has no ptx term");
        assertEquals(seven.stepsPerIteration(), 8);
        assertEquals(seven.clipRange(), 0.2);
        assertEquals(seven.policyLearningRate(), 1e-6);
        assertEquals(seven.adamw().beta2(), 0.95);
        assertEquals(seven.adamw().epsilon(), 1e-5);
        assertEquals(seven.adamw().weightDecay(), 0.1);
        assertEquals(seven.clipNorm(), 1.0);
        assertEquals(seven.gamma(), 1.0);
        assertEquals(seven.gaeLambda(), 0.95);
        assertEquals(seven.temperature(), 1.0);
        assertEquals(seven.reward(), RewardFunction.GATED);
        assertEquals(seven.whitening(), Whitening.Statistics.RUNNING);
        assertEquals(seven.valueInit(), ValueModelInit.HELPFULNESS_RM);
        assertTrue(PpoConfig.demo().promptsPerIteration() % PpoConfig.demo().miniBatchSize() == 0);
    }

    @Test
    public void validation() {
        PpoConfig d = PpoConfig.demo();
        expectThrows(IllegalArgumentException.class, () -> new PpoConfig(60, 16, 1, 0.2, 0.2, 0.01, 1, 0.95, 1, 8,
                8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(), 0, 1, 0, 1, 1L, 0.0, 1, 1.0));
        expectThrows(IllegalArgumentException.class, () -> new PpoConfig(64, 16, 1, 1.5, 0.2, 0.01, 1, 0.95, 1, 8,
                8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(), 0, 1, 0, 1, 1L, 0.0, 1, 1.0));
        expectThrows(IllegalArgumentException.class, () -> new PpoConfig(64, 16, 1, 0.2, 0.2, -0.1, 1, 0.95, 1, 8,
                8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(), 0, 1, 0, 1, 1L, 0.0, 1, 1.0));
        expectThrows(IllegalArgumentException.class, () -> PpoConfig.llama2(0));
        expectThrows(IllegalArgumentException.class, () -> new PpoConfig(64, 16, 1, 0.2, 0.2, 0.01, 1, 0.95, 1, 8,
                8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(), 0, 1, 0, 1, 1L, -1.0, 1, 1.0));
        expectThrows(IllegalArgumentException.class, () -> new PpoConfig(64, 16, 1, 0.2, 0.2, 0.01, 1, 0.95, 1, 8,
                8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(), 0, 1, 0, 1, 1L, 1.0, 0, 1.0));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new PpoConfig(64, 16, 1,
                0.2, 0.2, 0.01, 1, 0.95, 1, 8, 8, 1e-6, 1e-6, d.adamw(), 1, d.whitening(), d.reward(), d.valueInit(),
                0, 1, 0, 1, 1L, 1.0, 1, 0.0));
        assertTrue(e.getMessage().contains("ptx_keep"), e.getMessage());
    }

    @Test
    public void yamlOverDefaultsAndUnknownKeysNamed() throws Exception {
        Path file = Files.createTempFile("ppo", ".yaml");
        Files.writeString(file, "kl_beta: 0.03\nwhitening: BATCH\n");
        PpoConfig read = PpoConfig.read(file, PpoConfig.demo());
        assertEquals(read.klBeta(), 0.03);
        assertEquals(read.whitening(), Whitening.Statistics.BATCH);
        assertEquals(read.miniBatchSize(), PpoConfig.demo().miniBatchSize());
        Files.writeString(file, "kl_beta: 0.03\nkl_betta: 1\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> PpoConfig.read(file, PpoConfig.demo()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("kl_betta"), e.getMessage());
    }
}
