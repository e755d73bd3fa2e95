package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.training.RunCheckpoint;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class RewardModelTrainerTest {

    private TinyRm tiny;
    private Path pairsFile;

    @BeforeClass
    public void setUp() throws IOException {
        tiny = TinyRm.create(320, 5);
        pairsFile = TinyPairs.write(tiny.dir.resolve("pairs.jsonl"), TinyPairs.pairs(96, "collected", 1));
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        FileTrees.delete(tiny.dir);
    }

    @Test
    public void trainingSeparatesChosenFromRejected() throws IOException {
        Path out = tiny.dir.resolve("rm-h");
        List<PreferencePair> train = RewardModelTrainer.readBatches(List.of(pairsFile), new HeldOutSplit(8, 0.2), 3)
                .train();
        RewardModelEvaluation.Row before;
        try (RewardModelScorer scorer = RewardModelScorer.open(tiny.rewardModel("rm-before", 3))) {
            before = RewardModelEvaluation.evaluate(scorer, "before", "train", train);
        }
        RewardModelResult result = RewardModelTrainer.train(tiny.chatModel, List.of(pairsFile),
                RewardModelKind.HELPFULNESS, out, TinyPairs.config(30, 3e-3, 0), false);
        assertEquals(result.training().steps(), 30);
        RewardModelEvaluation.Row after;
        try (RewardModelScorer scorer = RewardModelScorer.open(out)) {
            after = RewardModelEvaluation.evaluate(scorer, "after", "train", train);
        }
        assertTrue(after.accuracy().overall() > 0.75, "accuracy after " + after.accuracy().overall());
        assertTrue(after.accuracy().overall() > before.accuracy().overall() + 0.2,
                "before " + before.accuracy().overall() + " after " + after.accuracy().overall());
        // the loss fell: first logged loss vs final
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        double first = Double.parseDouble(csv.get(1).split(",")[1]);
        assertTrue(result.training().finalLoss() < first * 0.7, first + " → " + result.training().finalLoss());
        // the artifact: HF sequence-classification dir, tokenizer, test sets, table, manifest with provenance
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "table8.csv", "table8.json",
                RewardModelTrainer.TEST_HELPFULNESS, RewardModelTrainer.TEST_SAFETY, "loss.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        Manifest m = Manifest.read(out);
        assertEquals(m.kind(), RewardModelTrainer.KIND);
        assertTrue(m.inputs().containsKey(pairsFile.toString()));
        assertTrue(m.inputs().containsKey(tiny.chatModel.resolve("model.safetensors").toString()));
        assertTrue(((Number) m.metrics().get("pairs_per_second")).doubleValue() > 0);
        // held-out pairs never trained on: test prompts are disjoint from training prompts
        List<PreferencePair> test = JsonlReader.readAll(out.resolve(RewardModelTrainer.TEST_HELPFULNESS),
                RecordKind.PREFERENCES);
        assertFalse(test.isEmpty());
        for (PreferencePair t : test) {
            for (PreferencePair p : train) {
                assertFalse(HeldOutSplit.promptKey(t.prompt()).equals(HeldOutSplit.promptKey(p.prompt())));
            }
        }
    }

    @Test
    public void resumeAfterKillLandsOnTheSameWeights() throws IOException {
        RewardModelConfig config = TinyPairs.config(8, 3e-3, 4);
        Path straight = tiny.dir.resolve("rm-straight");
        RewardModelTrainer.train(tiny.chatModel, List.of(pairsFile), RewardModelKind.SAFETY, straight, config, false);
        Path killed = tiny.dir.resolve("rm-killed");
        RewardModelTrainer.train(tiny.chatModel, List.of(pairsFile), RewardModelKind.SAFETY, killed, config, false);
        // as if the process died after the step-4 checkpoint
        FileTrees.delete(killed.resolve("checkpoints").resolve(RunCheckpoint.directoryName(8)));
        Files.delete(killed.resolve("model.safetensors"));
        RewardModelResult resumed = RewardModelTrainer.train(tiny.chatModel, List.of(pairsFile),
                RewardModelKind.SAFETY, killed, config, true);
        assertEquals(resumed.training().steps(), 8);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel a = LlamaModel.load(manager, straight);
             LlamaModel b = LlamaModel.load(manager, killed)) {
            assertSameWeights(b, a);
        }
    }

    /**
     * A warm start continues from the previous RM: one update at a negligible learning rate leaves the previous RM's
     * weights (score head included) in place, where a start from the chat model has a fresh score head. Its manifest
     * lists the previous RM's weights; a warm start without {@code warm_start_epochs}, or from a chat model, is an
     * error.
     */
    @Test
    public void warmStartContinuesFromThePreviousRewardModel() throws IOException {
        Path previous = tiny.dir.resolve("rm-previous");
        RewardModelTrainer.train(tiny.chatModel, List.of(pairsFile), RewardModelKind.HELPFULNESS, previous,
                TinyPairs.config(6, 3e-3, 0), false);
        RewardModelConfig still = warm(TinyPairs.config(1, 1e-9, 0), 2.0);
        Path continued = tiny.dir.resolve("rm-continued");
        RewardModelTrainer.train(tiny.chatModel, previous, List.of(pairsFile), RewardModelKind.HELPFULNESS, continued,
                still, false);
        Path cold = tiny.dir.resolve("rm-cold");
        RewardModelTrainer.train(tiny.chatModel, null, List.of(pairsFile), RewardModelKind.HELPFULNESS, cold, still,
                false);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel p = LlamaModel.load(manager, previous);
             LlamaModel c = LlamaModel.load(manager, continued);
             LlamaModel f = LlamaModel.load(manager, cold)) {
            assertSameWeights(c, p);
            String head = HeadKind.SEQUENCE_CLASSIFICATION.tensorName();
            float[] trained = p.namedParameters().get(head).getArray().toFloatArray();
            float[] fresh = f.namedParameters().get(head).getArray().toFloatArray();
            double distance = 0;
            for (int i = 0; i < trained.length; i++) {
                distance += Math.abs(trained[i] - fresh[i]);
            }
            assertTrue(distance > 1e-3, "the cold start's score head is not the trained one: " + distance);
        }
        Manifest m = Manifest.read(continued);
        assertTrue(m.inputs().containsKey(previous.resolve("model.safetensors").toString()), m.inputs().toString());

        IllegalArgumentException noEpochs = expectThrows(IllegalArgumentException.class, () ->
                RewardModelTrainer.train(tiny.chatModel, previous, List.of(pairsFile), RewardModelKind.HELPFULNESS,
                        tiny.dir.resolve("rm-no-epochs"), TinyPairs.config(1, 1e-9, 0), false));
        assertTrue(noEpochs.getMessage().contains("warm_start_epochs"), noEpochs.getMessage());
        IllegalArgumentException chat = expectThrows(IllegalArgumentException.class, () ->
                RewardModelTrainer.train(tiny.chatModel, tiny.chatModel, List.of(pairsFile),
                        RewardModelKind.HELPFULNESS, tiny.dir.resolve("rm-from-chat"), still, false));
        assertTrue(chat.getMessage().contains("must be a reward model"), chat.getMessage());
    }

    /** Every parameter of {@code actual} within 1e-6 of {@code expected}'s, element by element. */
    private static void assertSameWeights(LlamaModel actual, LlamaModel expected) {
        for (Map.Entry<String, ai.djl.nn.Parameter> e : expected.namedParameters().entrySet()) {
            float[] x = e.getValue().getArray().toFloatArray();
            float[] y = actual.namedParameters().get(e.getKey()).getArray().toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-6, e.getKey() + "[" + i + "]");
            }
        }
    }

    /** {@code config} with {@code warm_start_epochs} set. */
    private static RewardModelConfig warm(RewardModelConfig c, double epochs) {
        return new RewardModelConfig(c.margin(), c.epochs(), c.maxSteps(), c.maxTokens(), c.heldOut(), c.mixture(),
                c.safetyLabelLossWeight(), c.safetyLabelClassBalance(), c.safetyLabelUnsafeOffset(), c.shuffle(),
                c.training(), epochs, c.lengthGroup());
    }

    @Test
    public void badInputIsRefusedAndNothingIsWritten() throws IOException {
        Path out = tiny.dir.resolve("rm-bad");
        Path rm = tiny.rewardModel("rm-as-init", 1);
        IOException reverse = expectThrows(IOException.class, () -> RewardModelTrainer.train(rm,
                List.of(pairsFile), RewardModelKind.HELPFULNESS, out, TinyPairs.config(2, 1e-3, 0), false));
        assertTrue(reverse.getMessage().contains("is a reward model"), reverse.getMessage());
        Path bad = tiny.dir.resolve("bad.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(pairsFile));
        lines.set(2, lines.get(2).replace("\"rating\":\"", "\"rating\":\"very_"));
        Files.write(bad, lines);
        DataFormatException e = expectThrows(DataFormatException.class, () -> RewardModelTrainer.train(
                tiny.chatModel, List.of(bad), RewardModelKind.HELPFULNESS, out, TinyPairs.config(2, 1e-3, 0), false));
        assertTrue(e.getMessage().startsWith(bad + ":3: rating"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    public void mixtures() {
        List<PreferencePair> collected = TinyPairs.pairs(40, "collected", 1); // 30 helpfulness, 10 safety
        List<PreferencePair> open = TinyPairs.pairs(40, "arena-bootstrap", 2);
        List<PreferencePair> all = new java.util.ArrayList<>(collected);
        all.addAll(open);
        PreferenceMixture mix = PreferenceMixture.llama2();
        List<PreferencePair> h = mix.select(RewardModelKind.HELPFULNESS, all, 1);
        // all 30 collected helpfulness + 30 of the other 50
        assertEquals(h.size(), 60);
        assertEquals(h.stream().filter(p -> p.axis() == org.rlhf4j.data.format.Axis.HELPFULNESS
                && !mix.isOpenSource(p)).count(), 30);
        List<PreferencePair> s = mix.select(RewardModelKind.SAFETY, all, 1);
        // all 20 safety pairs + 20 × 1/9 ≈ 2 helpfulness pairs
        assertEquals(s.stream().filter(p -> p.axis() == org.rlhf4j.data.format.Axis.SAFETY).count(), 20);
        assertEquals(s.size(), 22);
        // bootstrap round: no collected pairs, the open-source helpfulness pairs are the base
        List<PreferencePair> boot = mix.select(RewardModelKind.HELPFULNESS, open, 1);
        assertEquals(boot.size(), 40); // 30 open helpfulness + min(30, 10 safety)
    }
}
