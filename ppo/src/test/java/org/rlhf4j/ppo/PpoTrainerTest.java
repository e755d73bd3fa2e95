package org.rlhf4j.ppo;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.FloatTensor;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.SafetensorsFile;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.rlhf4j.training.MetricsCsv;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** End-to-end PPO runs on the tiny set-up: one iteration (the CI check), bad input, kill -9 and resume. */
public class PpoTrainerTest {

    private TinyPpo tiny;

    @BeforeClass
    public void setUp() throws IOException {
        tiny = TinyPpo.create();
    }

    @Test
    public void oneIterationOnTheTinyPresetWritesAModelAndItsRecord() throws IOException {
        Path out = Files.createTempDirectory("ppo-one");
        PpoResult result = PpoTrainer.train(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, tiny.prompts, out,
                TinyPpo.config(1), false);
        assertEquals(result.iterations(), 1);
        assertTrue(result.bestIteration() <= 1, "0: the starting policy's held-out reward was not beaten");
        assertTrue(Double.isFinite(result.bestHeldOutReward()));
        assertTrue(result.rolloutTokensPerSecond() > 0 && result.updateTokensPerSecond() > 0);
        try (NDManager m = NDManager.newBaseManager(); LlamaModel policy = LlamaModel.load(m, out);
             LlamaModel value = LlamaModel.load(m, out.resolve("value"))) {
            assertEquals(policy.headKind(), HeadKind.CAUSAL_LM);
            assertEquals(value.headKind(), HeadKind.SEQUENCE_CLASSIFICATION);
        }
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        assertTrue(Files.size(out.resolve(PpoCurves.FILE_NAME)) > 1000);
        List<String> csv = Files.readAllLines(out.resolve(MetricsCsv.FILE_NAME));
        assertEquals(csv.size(), 2);
        for (String column : PpoCurves.COLUMNS) {
            assertTrue(csv.get(0).contains(column), column);
        }
        Manifest manifest = Manifest.read(out);
        assertEquals(manifest.kind(), PpoTrainer.KIND);
        assertEquals(manifest.inputs().size(), 5);
        assertTrue(manifest.files().containsKey("model.safetensors"));
        assertEquals(PpoCheckpoint.list(out.resolve("checkpoints")).size(), 1);
        // A second plain run into the same directory refuses to overwrite the checkpoints.
        expectThrows(IllegalStateException.class, () -> PpoTrainer.train(tiny.policy, tiny.helpfulnessRm,
                tiny.safetyRm, tiny.prompts, out, TinyPpo.config(1), false));
    }

    @Test
    public void aRunThatNeverBeatsTheStartingPolicyReturnsItUnchanged() throws IOException {
        // A learning rate far below the weights' float resolution: every update leaves the policy as it was, so no
        // held-out evaluation is strictly better than the starting policy's, which early stopping must return.
        Path out = Files.createTempDirectory("ppo-start");
        PpoResult result = PpoTrainer.train(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, tiny.prompts, out,
                TinyPpo.config(2, 1e-30), false);
        assertEquals(result.iterations(), 2);
        assertEquals(result.bestIteration(), 0);
        Map<String, FloatTensor> start = SafetensorsFile.open(tiny.policy.resolve("model.safetensors")).readAll();
        Map<String, FloatTensor> written = SafetensorsFile.open(out.resolve("model.safetensors")).readAll();
        assertEquals(written.keySet(), start.keySet());
        start.forEach((name, t) -> assertEquals(written.get(name).toArray(), t.toArray(), name));
        assertEquals(Manifest.read(out).metrics().get("chosen_iteration"), 0);
    }

    @Test
    public void rewardModelsWithAnotherTokenizerAreRejected() throws IOException {
        Path other = Files.createTempDirectory("ppo-other-tok");
        Files.write(other.resolve("corpus.txt"), List.of("a quite different corpus of words",
                "with other pieces entirely", "a quite different corpus of words"));
        Path tokenizer = other.resolve("tokenizer.json");
        BpeTokenizerTrainer.train(other.resolve("corpus.txt"), BpeTrainerConfig.ofVocabSize(280), tokenizer);
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(tokenizer)) {
            vocab = t.vocabSize();
        }
        Path chat = other.resolve("chat");
        try (NDManager m = NDManager.newBaseManager(); LlamaModel model = LlamaModel.initialized(m,
                new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5), HeadKind.CAUSAL_LM, 3)) {
            model.save(chat);
        }
        Files.copy(tokenizer, chat.resolve("tokenizer.json"));
        RewardModelInit.write(chat, other.resolve("h"), 1);
        RewardModelInit.write(chat, other.resolve("s"), 2);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> PpoTrainer.train(
                tiny.policy, other.resolve("h"), other.resolve("s"), tiny.prompts,
                Files.createTempDirectory("ppo-bad"), TinyPpo.config(1), false));
        assertTrue(e.getMessage().contains("tokenizer") && e.getMessage().contains("differs"), e.getMessage());
    }

    @Test
    public void valueModelMustHaveTheScalarHead() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> PpoModels.open(tiny.policy,
                tiny.helpfulnessRm, tiny.safetyRm, tiny.policy, ValueModelInit.HELPFULNESS_RM));
        assertTrue(e.getMessage().contains("value model") && e.getMessage().contains("score head"),
                e.getMessage());
    }

    @Test
    public void promptsWithoutIsSafetyAreNamedByFileAndLine() throws IOException {
        Path prompts = Files.createTempFile("prompts", ".jsonl");
        Files.writeString(prompts, Files.readAllLines(tiny.prompts).get(0) + "\n"
                + "{\"id\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"category\": \"c\"}\n");
        DataFormatException e = expectThrows(DataFormatException.class, () -> PpoTrainer.train(tiny.policy,
                tiny.helpfulnessRm, tiny.safetyRm, prompts, Files.createTempDirectory("ppo-bad"), TinyPpo.config(1),
                false));
        assertTrue(e.getMessage().contains(prompts + ":2") && e.getMessage().contains("is_safety"), e.getMessage());
    }

    @Test
    public void killedAndResumedRunEqualsAnUninterruptedOne() throws Exception {
        int iterations = 4;
        Path straight = Files.createTempDirectory("ppo-straight");
        PpoTrainer.train(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, tiny.prompts, straight,
                TinyPpo.config(iterations), false);

        // The same run in another JVM, killed with SIGKILL once its second iteration is checkpointed.
        Path killed = Files.createTempDirectory("ppo-killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-XX:MaxDirectMemorySize=2g", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), PpoKillTarget.class.getName(), tiny.dir.toString(),
                killed.toString(), Integer.toString(iterations))
                .redirectErrorStream(true).redirectOutput(killed.resolve("child.log").toFile()).start();
        Path second = killed.resolve("checkpoints").resolve("iteration-00000002");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isDirectory(second) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child ended before it could be killed:\n"
                + Files.readString(killed.resolve("child.log")));
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
        int at = PpoCheckpoint.latest(killed.resolve("checkpoints")).map(p -> p.getFileName().toString())
                .map(n -> Integer.parseInt(n.substring(n.indexOf('-') + 1))).orElseThrow();
        assertTrue(at >= 2 && at < iterations, "killed after iteration " + at);

        PpoResult resumed = PpoTrainer.train(tiny.policy, tiny.helpfulnessRm, tiny.safetyRm, tiny.prompts, killed,
                TinyPpo.config(iterations), true);
        assertEquals(resumed.iterations(), iterations);

        Path a = PpoCheckpoint.latest(straight.resolve("checkpoints")).orElseThrow();
        Path b = PpoCheckpoint.latest(killed.resolve("checkpoints")).orElseThrow();
        assertEquals(b.getFileName(), a.getFileName());
        for (String model : List.of("policy", "value")) {
            for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
                String rel = model + File.separator + "step-0000000" + iterations + File.separator + file;
                assertClose(a.resolve(rel), b.resolve(rel), 1e-6);
            }
        }
        assertClose(straight.resolve("model.safetensors"), killed.resolve("model.safetensors"), 1e-6);
        ObjectMapper json = new ObjectMapper();
        JsonNode sa = json.readTree(a.resolve(PpoCheckpoint.STATE_FILE).toFile());
        JsonNode sb = json.readTree(b.resolve(PpoCheckpoint.STATE_FILE).toFile());
        for (String field : List.of("iteration", "random_state", "whitening_seen", "best_held_out_reward",
                "best_iteration", "evaluations_without_improvement", "stopped_early")) {
            assertEquals(sb.get(field), sa.get(field), field);
        }
        assertEquals(sb.get("whitening_seen").size(), iterations * 8);
        List<String> csvA = Files.readAllLines(straight.resolve(MetricsCsv.FILE_NAME));
        List<String> csvB = Files.readAllLines(killed.resolve(MetricsCsv.FILE_NAME));
        assertEquals(csvB.size(), iterations + 1);
        for (int i = 1; i < csvA.size(); i++) { // iteration and policy loss agree
            assertEquals(List.of(csvB.get(i).split(",")).subList(0, 2), List.of(csvA.get(i).split(",")).subList(0, 2));
        }
    }

    private static void assertClose(Path a, Path b, double tolerance) throws IOException {
        Map<String, FloatTensor> ta = SafetensorsFile.open(a).readAll();
        Map<String, FloatTensor> tb = SafetensorsFile.open(b).readAll();
        assertEquals(tb.keySet(), ta.keySet(), a.toString());
        boolean anyDiffersFromZero = false;
        for (String k : ta.keySet()) {
            float[] x = ta.get(k).toArray();
            float[] y = tb.get(k).toArray();
            assertEquals(y.length, x.length);
            for (int i = 0; i < x.length; i++) {
                assertTrue(Math.abs(x[i] - y[i]) <= tolerance, a + " " + k + "[" + i + "]: " + x[i] + " vs " + y[i]);
                anyDiffersFromZero |= x[i] != 0;
            }
        }
        assertFalse(!anyDiffersFromZero, a + " is all zeros");
    }
}
