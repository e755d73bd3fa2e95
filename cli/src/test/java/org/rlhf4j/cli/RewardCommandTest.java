package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class RewardCommandTest {

    private Path dir;
    private Path sft;
    private Path pairs;
    private Path config;

    @BeforeClass
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("reward-cli");
        Path corpus = dir.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add("[INST] How much is 3 plus 4? [/INST] 3 plus 4 is 7.");
            lines.add("[INST] How do I open a lock? [/INST] I cannot help with that, sorry.");
        }
        Files.write(corpus, lines);
        sft = dir.resolve("sft");
        chatModel(corpus, 300, sft);
        List<PreferencePair> list = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int a = i % 10;
            list.add(i % 4 == 3
                    ? new PreferencePair("s" + i, List.of(Message.user("How do I open lock " + i + "?")),
                    "I cannot help with that, sorry.", "Sure, here is how to open it.", Rating.SIGNIFICANTLY_BETTER,
                    Axis.SAFETY, SafetyLabel.CHOSEN_SAFE, "collected")
                    : new PreferencePair("h" + i, List.of(Message.user("How much is " + a + " plus " + i + "?")),
                    a + " plus " + i + " is " + (a + i) + ".", "No idea.", Rating.values()[i % 4],
                    Axis.HELPFULNESS, null, "collected"));
        }
        pairs = dir.resolve("pairs.jsonl");
        JsonlWriter.write(pairs, RecordKind.PREFERENCES, list);
        config = dir.resolve("rm.yaml");
        Files.writeString(config, "held_out:\n  test_pairs_per_batch: 8\ntraining:\n  micro_batch_size: 2\n"
                + "  accumulation_steps: 2\n  progress_bar: false\n");
    }

    private static void chatModel(Path corpus, int vocabSize, Path out) throws Exception {
        Path tokenizer = corpus.resolveSibling("tokenizer-" + vocabSize + ".json");
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(vocabSize), tokenizer);
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(tokenizer)) {
            vocab = t.vocabSize();
        }
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager,
                     new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5), HeadKind.CAUSAL_LM, 1)) {
            model.save(out);
        }
        Files.copy(tokenizer, out.resolve("tokenizer.json"));
    }

    @Test
    public void trainEvalAndScore() throws Exception {
        Path rm = dir.resolve("rm");
        CliRun train = CliRun.of("reward", "train", "--init", sft.toString(), "--pairs", pairs.toString(),
                "--kind", "helpfulness", "--out", rm.toString(), "--config", config.toString(), "--max-steps", "3");
        assertEquals(train.exitCode(), 0, train.err());
        assertTrue(train.out().contains("reward train (helpfulness) finished: 3 steps"), train.out());
        assertTrue(train.out().contains("Helpfulness RM"), train.out());

        CliRun eval = CliRun.of("reward", "eval", "--model", rm.toString(), "--pairs",
                rm.resolve("test-helpfulness.jsonl").toString(), rm.resolve("test-safety.jsonl").toString());
        assertEquals(eval.exitCode(), 0, eval.err());
        String[] out = eval.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(out[out.length - 1]);
        assertTrue(json.get("rows").size() >= 1);
        assertTrue(json.get("rows").get(0).has("per_rating"));
        assertTrue(out[0].startsWith("reward model"), eval.out());

        Path prompts = dir.resolve("prompts.jsonl");
        JsonlWriter.write(prompts, RecordKind.PROMPTS, List.of(
                new PromptRecord("p1", List.of(Message.user("How much is 3 plus 4?")), false, "arithmetic"),
                new PromptRecord("p2", List.of(Message.user("How do I open a lock?")), true, "safety")));
        Path a = dir.resolve("a.jsonl");
        Files.writeString(a, "{\"id\":\"p1\",\"response\":\"3 plus 4 is 7.\",\"helpfulness\":1.0}\n"
                + "{\"id\":\"p2\",\"response\":\"I cannot help with that.\",\"helpfulness\":0.2}\n");
        Path b = dir.resolve("b.jsonl");
        Files.writeString(b, "{\"id\":\"p1\",\"response\":\"No idea.\",\"helpfulness\":0.0}\n"
                + "{\"id\":\"p2\",\"response\":\"No idea.\",\"helpfulness\":0.2}\n");
        Path scored = dir.resolve("scored.jsonl");
        Path png = dir.resolve("calibration.png");
        CliRun score = CliRun.of("reward", "score", "--model", rm.toString(), "--prompts", prompts.toString(),
                "--responses", a.toString(), "--out", scored.toString(), "--reference-field", "helpfulness",
                "--plot", png.toString(), "--versus", b.toString());
        assertEquals(score.exitCode(), 0, score.err());
        String[] scoreOut = score.out().strip().split("\n");
        JsonNode s = new ObjectMapper().readTree(scoreOut[scoreOut.length - 1]);
        assertEquals(s.get("responses").asInt(), 2);
        assertEquals(s.get("rm_judge").get("wins").asInt() + s.get("rm_judge").get("ties").asInt()
                + s.get("rm_judge").get("losses").asInt(), 2);
        assertTrue(Files.readAllLines(scored).get(0).contains("\"rm_score\""));
        assertEquals(s.get("pairwise_decided").asInt(), 1); // p2's reference scores tie
        assertTrue(s.has("pairwise_agreement_with_helpfulness"));
        assertTrue(Files.size(png) > 0);
    }

    @Test
    public void badInputGetsAClearErrorAndWritesNothing() throws Exception {
        Path out = dir.resolve("never");
        // a causal LM where a reward model is expected
        CliRun eval = CliRun.of("reward", "eval", "--model", sft.toString(), "--pairs", pairs.toString());
        assertEquals(eval.exitCode(), 1);
        assertTrue(eval.err().contains("is a causal language model"), eval.err());
        // a tokenizer that differs from the chat model's
        Path other = dir.resolve("other-sft");
        chatModel(dir.resolve("corpus.txt"), 280, other);
        CliRun tok = CliRun.of("reward", "train", "--init", sft.toString(), "--pairs", pairs.toString(), "--kind",
                "safety", "--out", out.toString(), "--tokenizer", other.resolve("tokenizer.json").toString());
        assertEquals(tok.exitCode(), 2);
        assertTrue(tok.err().contains("differs from the chat model's"), tok.err());
        // pairs with a bad line
        Path bad = dir.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(pairs));
        lines.set(4, lines.get(4).replace("\"axis\":\"helpfulness\"", "\"axis\":\"honesty\""));
        Files.write(bad, lines);
        CliRun badPairs = CliRun.of("reward", "train", "--init", sft.toString(), "--pairs", bad.toString(),
                "--kind", "helpfulness", "--out", out.toString());
        assertEquals(badPairs.exitCode(), 1);
        assertTrue(badPairs.err().contains(bad + ":5: axis"), badPairs.err());
        // a reward model where a chat model is expected
        Path rm = dir.resolve("rm-for-init");
        org.rlhf4j.rewardmodel.RewardModelInit.write(sft, rm, 1);
        CliRun reverse = CliRun.of("reward", "train", "--init", rm.toString(), "--pairs", pairs.toString(),
                "--kind", "helpfulness", "--out", out.toString());
        assertEquals(reverse.exitCode(), 1);
        assertTrue(reverse.err().contains("is a reward model"), reverse.err());
        CliRun kind = CliRun.of("reward", "train", "--init", sft.toString(), "--pairs", pairs.toString(),
                "--kind", "honesty", "--out", out.toString());
        assertEquals(kind.exitCode(), 2);
        assertFalse(Files.exists(out));
    }
}
