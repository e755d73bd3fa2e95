package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class InfoCommandTest {

    private static CliRun rlhf(String... args) {
        return CliRun.of(args);
    }

    @Test
    public void presetPrintsConfigAndBothParameterCounts() {
        CliRun run = rlhf("info", "--preset", "llama2-7b");
        assertEquals(run.exitCode(), 0, run.err());
        String out = run.out();
        assertTrue(out.contains("hidden_size: 4096\n"), out);
        assertTrue(out.contains("intermediate_size: 11008\n"), out);
        int causal = out.indexOf("parameters: 6738415616 (LlamaForCausalLM");
        int reward = out.indexOf("parameters: 6607347712 (LlamaForSequenceClassification");
        assertTrue(causal >= 0 && reward > causal, "causal LM count first, then the reward model:\n" + out);
        assertTrue(rlhf("info", "--preset", "llama2-70b").out().contains("parameters: 68976648192 ("));
    }

    @Test
    public void modelDirReadsAndChecksTheCheckpoint() {
        CliRun run = rlhf("info", "--model-dir", "../../shared/fixtures/hf/tiny-gqa/reward-model");
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("checkpoint: LlamaForSequenceClassification, 30 tensors"), run.out());
        assertTrue(run.out().contains("num_key_value_heads: 2\n"), run.out());
        // 1000*96 + 3*(96*96 + 2*96*32 + 96*96 + 3*96*256 + 2*96) + 96 + 1000*96
        assertTrue(run.out().contains("parameters: 487584 (LlamaForCausalLM"), run.out());
        assertTrue(run.out().contains("parameters: 391680 (LlamaForSequenceClassification"), run.out());
    }

    @Test
    public void badInputsFailWithAMessage() {
        CliRun unknown = rlhf("info", "--preset", "llama3");
        assertEquals(unknown.exitCode(), 2);
        assertTrue(unknown.err().contains("llama2-7b"), unknown.err());
        CliRun missing = rlhf("info", "--model-dir", "no/such/dir");
        assertEquals(missing.exitCode(), 1);
        assertTrue(missing.err().contains("no/such/dir"), missing.err());
        CliRun both = rlhf("info", "--preset", "tiny", "--model-dir", "x");
        assertTrue(both.exitCode() != 0 && both.err().contains("mutually exclusive"), both.err());
    }
}
