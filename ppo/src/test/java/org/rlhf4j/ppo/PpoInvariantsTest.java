package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.TrainingRandom;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The invariants PPO rests on, on the tiny set-up. */
public class PpoInvariantsTest {

    private TinyPpo tiny;
    private PpoModels models;
    private List<PromptRecord> prompts;
    private List<int[]> promptTokens;

    @BeforeClass
    public void setUp() throws IOException {
        tiny = TinyPpo.create();
        models = PpoModels.open(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, null, ValueModelInit.HELPFULNESS_RM);
        prompts = JsonlReader.readAll(tiny.prompts, RecordKind.PROMPTS).subList(0, 8);
        ChatFormat format = new ChatFormat(models.tokenizer());
        promptTokens = new ArrayList<>();
        for (PromptRecord p : prompts) {
            promptTokens.add(format.encodePrompt(p.messages()).ids());
        }
    }

    @AfterClass
    public void tearDown() {
        models.close();
    }

    @Test
    public void trainingForwardLogProbsEqualTheSamplers() {
        // Prompts of different lengths: the sampler left-pads them, the training forward right-pads.
        assertTrue(promptTokens.stream().mapToInt(p -> p.length).distinct().count() > 1);
        List<Completion> out = new KvCacheGenerator(models.policy()).generate(promptTokens,
                SamplingConfig.sample(1.0, 12).withEos(models.tokenizer().eosId(), true), 123L);
        List<int[]> responses = out.stream().map(Completion::tokens).toList();
        ResponseBatch batch = new ResponseBatch(promptTokens, responses);
        List<float[]> training;
        try (NDManager m = models.manager().newSubManager(); NDScope scope = new NDScope()) {
            training = batch.perResponse(SequenceForward.policy(models.policy(), batch, m, 0).logProbs());
        }
        double worst = 0;
        int tokens = 0;
        for (int i = 0; i < out.size(); i++) {
            float[] sampled = out.get(i).modelLogProbs();
            for (int t = 0; t < sampled.length; t++) {
                worst = Math.max(worst, Math.abs(sampled[t] - training.get(i)[t]));
                tokens++;
            }
        }
        assertTrue(tokens > 8, "sampled " + tokens + " tokens");
        assertTrue(worst <= 1e-4, "max |sampler − training forward| = " + worst);
    }

    @Test
    public void firstMiniBatchHasRatioOneAndKlZeroAndOnlyThePolicyAndValueChange() {
        Map<String, float[]> policyBefore = snapshot(models.policy());
        Map<String, float[]> referenceBefore = snapshot(models.reference());
        Map<String, float[]> valueBefore = snapshot(models.value());
        Map<String, float[]> helpfulnessBefore = snapshot(models.rewardModels().helpfulness().model());
        Map<String, float[]> safetyBefore = snapshot(models.rewardModels().safety().model());

        PpoConfig config = TinyPpo.config(1);
        int[] indices = {0, 1, 2, 3, 4, 5, 6, 7};
        Rollouts.Result rollout = Rollouts.collect(models, prompts, indices, promptTokens, config,
                new Whitening(config.whitening()), 9L);
        // π0 = πθ at the start: every response's KL estimate is 0 up to float rounding.
        for (double kl : rollout.stats().sequenceKl()) {
            assertEquals(kl, 0.0, 1e-3);
        }
        Experience e = rollout.experience();
        assertEquals(e.size(), 8);
        for (int i = 0; i < e.size(); i++) {
            float[] r = e.rewards().get(i);
            assertEquals(r[r.length - 1], e.whitenedScores()[i], 1e-3); // the score sits on the last token
        }

        Map<String, ai.djl.ndarray.NDArray> policy = trainable(models.policy());
        Map<String, ai.djl.ndarray.NDArray> value = trainable(models.value());
        PpoUpdate.zero(policy.values().stream().map(ai.djl.ndarray.NDArray::getGradient).toList());
        PpoUpdate.zero(value.values().stream().map(ai.djl.ndarray.NDArray::getGradient).toList());
        try (AdamW policyOptimizer = new AdamW(config.adamw(), models.manager());
             AdamW valueOptimizer = new AdamW(config.adamw(), models.manager())) {
            PpoUpdate.Stats stats = PpoUpdate.run(models, e, config, policy, value, policyOptimizer,
                    valueOptimizer, new TrainingRandom(1), null);
            assertTrue(stats.firstRatioMaxDeviation() <= 1e-4, "first ratio off 1 by "
                    + stats.firstRatioMaxDeviation());
            assertEquals(stats.firstApproxKl(), 0.0, 1e-7);
            assertEquals(policyOptimizer.stepCount(), config.stepsPerIteration());
            assertTrue(stats.policyGradNorm() > 0 && stats.valueGradNorm() > 0);
        }
        assertChanged(policyBefore, snapshot(models.policy()));
        assertChanged(valueBefore, snapshot(models.value()));
        assertSame(referenceBefore, snapshot(models.reference()));
        assertSame(helpfulnessBefore, snapshot(models.rewardModels().helpfulness().model()));
        assertSame(safetyBefore, snapshot(models.rewardModels().safety().model()));
    }

    private static Map<String, ai.djl.ndarray.NDArray> trainable(LlamaModel model) {
        Map<String, ai.djl.ndarray.NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            ai.djl.ndarray.NDArray a = e.getValue().getArray();
            if (!a.hasGradient()) {
                a.setRequiresGradient(true);
            }
            out.put(e.getKey(), a);
        }
        return out;
    }

    static Map<String, float[]> snapshot(LlamaModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> out.put(k, v.getArray().toFloatArray()));
        return out;
    }

    private static void assertSame(Map<String, float[]> before, Map<String, float[]> after) {
        for (String k : before.keySet()) {
            assertTrue(Arrays.equals(before.get(k), after.get(k)), k + " changed");
        }
    }

    /** Every matrix changed (norm gains may be exempt from decay but still get gradient steps). */
    private static void assertChanged(Map<String, float[]> before, Map<String, float[]> after) {
        for (String k : before.keySet()) {
            assertFalse(Arrays.equals(before.get(k), after.get(k)), k + " did not change");
        }
    }
}
