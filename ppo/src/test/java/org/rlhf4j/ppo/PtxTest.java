package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.training.TrainingRandom;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class PtxTest {

    private TinyPpo tiny;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyPpo.create();
    }

    private static List<Dialog> demos() {
        return List.of(
                new Dialog("d0", List.of(Message.user("What is the capital of France?"),
                        Message.assistant("The capital of France is Paris.")), Map.of()),
                new Dialog("d1", List.of(Message.user("Spell cat backwards."), Message.assistant("cat backwards is tac."),
                        Message.user("How much is 3 plus 4?"), Message.assistant("3 plus 4 is 7.")), Map.of()));
    }

    /** L = −(−1 − 2 − 0.5) / 3 over the masked tokens; ∂L/∂logp = −1/3 on them, 0 elsewhere. */
    @Test
    public void lossAndGradientHandComputed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logProbs = m.create(new float[] {-1, -2, -3, -0.5f, -4, 0}, new Shape(2, 3));
            NDArray mask = m.create(new float[] {1, 1, 0, 1, 0, 0}, new Shape(2, 3));
            logProbs.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray loss = PtxLoss.compute(logProbs, mask);
                assertEquals(loss.getFloat(), 3.5 / 3, 1e-6);
                c.backward(loss);
            }
            float[] g = logProbs.getGradient().toFloatArray();
            float third = -1f / 3;
            float[] expected = {third, third, 0, third, 0, 0};
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], expected[i], 1e-6, "gradient " + i);
            }
        }
    }

    @Test
    public void demonstrationsSplitBeforeTheLastAnswer() throws Exception {
        try (PpoModels models = PpoModels.open(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, null,
                ValueModelInit.HELPFULNESS_RM)) {
            ChatFormat format = new ChatFormat(models.tokenizer());
            PtxDemonstrations d = PtxDemonstrations.encode(demos(), models.tokenizer(), 128);
            assertEquals(d.size(), 2);
            for (int i = 0; i < 2; i++) {
                List<Message> messages = demos().get(i).messages();
                int[] prompt = format.encodePrompt(messages.subList(0, messages.size() - 1)).ids();
                int[] whole = format.encodeDialog(messages).ids();
                assertEquals(d.prompt(i), prompt, "demonstration " + i + ": the prompt, earlier turns included");
                assertEquals(d.answer(i), Arrays.copyOfRange(whole, prompt.length, whole.length));
                assertEquals(d.answer(i)[d.answer(i).length - 1], models.tokenizer().eosId(), "the answer ends with EOS");
            }
            // A context shorter than the second dialog cuts its prompt from the left and keeps the whole answer.
            int answer = d.answer(1).length;
            PtxDemonstrations cut = PtxDemonstrations.encode(demos().subList(1, 2), models.tokenizer(), answer + 3);
            assertEquals(cut.answer(0), d.answer(1));
            assertEquals(cut.prompt(0), Arrays.copyOfRange(d.prompt(1), d.prompt(1).length - 3, d.prompt(1).length));
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> PtxDemonstrations.encode(
                    List.of(new Dialog("open", List.of(Message.user("Spell cat backwards.")), Map.of())),
                    models.tokenizer(), 128));
            assertTrue(e.getMessage().contains("'open'"), e.getMessage());
            ResponseBatch batch = d.draw(5, new TrainingRandom(3));
            assertEquals(batch.size(), 5);
        }
    }

    /** One PPO iteration with γ = 20 leaves the demonstrations more likely than the same iteration with γ = 0. */
    @Test
    public void thePtxTermPullsThePolicyTowardsTheDemonstrations() throws Exception {
        List<PromptRecord> prompts = JsonlReader.readAll(tiny.prompts, RecordKind.PROMPTS);
        double[] nll = new double[2];
        double[] ptxLoss = new double[2];
        double[] gammas = {0.0, 20.0};
        for (int k = 0; k < 2; k++) {
            PpoConfig base = TinyPpo.config(2);
            PpoConfig config = new PpoConfig(base.promptsPerIteration(), base.miniBatchSize(), base.iterations(),
                    base.clipRange(), base.valueClipRange(), base.klBeta(), base.gamma(), base.gaeLambda(),
                    base.temperature(), base.maxNewTokens(), base.rolloutBatchSize(), base.policyLearningRate(),
                    base.valueLearningRate(), base.adamw(), base.clipNorm(), base.whitening(), base.reward(),
                    base.valueInit(), 0, base.evalEvery(), 0, base.saveEvery(), base.seed(), gammas[k], 2, 1.0);
            Path out = Files.createTempDirectory("ptx-run");
            try (PpoModels models = PpoModels.open(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, null,
                    ValueModelInit.HELPFULNESS_RM)) {
                PtxDemonstrations d = PtxDemonstrations.encode(demos(), models.tokenizer(), 128);
                PpoTrainer.run(models, prompts, k == 0 ? null : d, out, config, false, List.of());
                List<int[]> p = new ArrayList<>();
                List<int[]> a = new ArrayList<>();
                for (int i = 0; i < d.size(); i++) {
                    p.add(d.prompt(i));
                    a.add(d.answer(i));
                }
                ResponseBatch all = new ResponseBatch(p, a);
                try (NDManager m = models.manager().newSubManager()) {
                    nll[k] = PtxLoss.compute(SequenceForward.logProbs(models.policy(), all, m, Rollouts.padId(models)),
                            all.responseMask(m)).getFloat();
                }
            }
            List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
            String[] header = csv.get(0).split(",");
            int column = Arrays.asList(header).indexOf("ptx_loss");
            ptxLoss[k] = Double.parseDouble(csv.get(csv.size() - 1).split(",")[column]);
        }
        assertTrue(Double.isNaN(ptxLoss[0]), "no ptx term without demonstrations");
        assertTrue(ptxLoss[1] > 0, "ptx loss is logged: " + ptxLoss[1]);
        assertTrue(nll[1] < nll[0] - 0.1, "demonstration NLL with ptx " + nll[1] + " vs without " + nll[0]);
    }
}
