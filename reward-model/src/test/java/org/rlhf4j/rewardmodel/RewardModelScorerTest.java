package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class RewardModelScorerTest {

    private TinyRm tiny;
    private Path rm;

    private static final List<List<Message>> PROMPTS = List.of(
            List.of(Message.user("What is the capital of France?")),
            List.of(Message.user("Spell cat backwards.")),
            List.of(Message.system("Answer briefly."), Message.user("How much is 3 plus 4?")),
            List.of(Message.user("Name a red fruit."), Message.assistant("A red fruit is the apple."),
                    Message.user("Name another one.")),
            List.of(Message.user("How do I pick a lock?")));
    private static final List<String> RESPONSES = List.of(
            "The capital of France is Paris.",
            "tac",
            "3 plus 4 is 7, which is the answer to the question you asked.",
            "  A red fruit is the cherry. ",
            "I cannot help with that, sorry.");

    @BeforeClass
    public void setUp() throws IOException {
        tiny = TinyRm.create(320, 5);
        rm = tiny.rewardModel("rm", 11);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        FileTrees.delete(tiny.dir);
    }

    @Test
    public void initialisedDirectoryIsAValidSequenceClassificationModel() throws IOException {
        JsonNode config = new ObjectMapper().readTree(rm.resolve("config.json").toFile());
        assertEquals(config.get("architectures").get(0).asText(), "LlamaForSequenceClassification");
        assertEquals(config.get("num_labels").asInt(), 1);
        assertEquals(config.get("pad_token_id").asInt(), 0);
        HfCheckpoint back = HfCheckpoint.read(rm, HeadKind.SEQUENCE_CLASSIFICATION);
        assertEquals(back.tensors().get("score.weight").shape(), new long[] {1, 32});
        HfCheckpoint chat = HfCheckpoint.read(tiny.chatModel);
        // trunk copied exactly
        assertEquals(back.tensors().get("model.layers.1.mlp.down_proj.weight").data(),
                chat.tensors().get("model.layers.1.mlp.down_proj.weight").data());
        assertFalse(back.tensors().containsKey("lm_head.weight"));
        // score head ~ N(0, 1/(d+1)): sample variance near 1/33 for 32 draws
        float[] head = new float[32];
        back.tensors().get("score.weight").data().duplicate().get(head);
        double var = 0;
        for (float v : head) {
            var += v * v;
        }
        var /= head.length;
        assertTrue(var > 0.3 / 33 && var < 3.0 / 33, "score head variance " + var);
        assertTrue(Files.isRegularFile(rm.resolve("tokenizer.json")));
        assertTrue(Files.isRegularFile(rm.resolve("manifest.json")));
    }

    @Test
    public void scoreAloneEqualsScoreInsideAPaddedBatch() throws IOException {
        try (RewardModelScorer scorer = RewardModelScorer.open(rm)) {
            float[] batch = scorer.score(PROMPTS, RESPONSES);
            for (int i = 0; i < PROMPTS.size(); i++) {
                float alone = scorer.score(List.of(PROMPTS.get(i)), List.of(RESPONSES.get(i)))[0];
                assertEquals(batch[i], alone, 1e-5, "row " + i);
            }
            // micro-batches of 2 rows pad differently again
            float[] small = scorer.withMicroBatchSize(2).score(PROMPTS, RESPONSES);
            for (int i = 0; i < batch.length; i++) {
                assertEquals(small[i], batch[i], 1e-5);
            }
            // different responses get different scores (the head reads real content)
            assertNotEquals(batch[0], batch[1]);
        }
    }

    @Test
    public void scoreTokensMatchesScoreForTheSameText() throws IOException {
        try (RewardModelScorer scorer = RewardModelScorer.open(rm)) {
            ChatFormat format = new ChatFormat(scorer.tokenizer());
            List<int[]> promptIds = new ArrayList<>();
            List<int[]> responseIds = new ArrayList<>();
            for (int i = 0; i < PROMPTS.size(); i++) {
                promptIds.add(format.encodePrompt(PROMPTS.get(i)).ids());
                int[] r = scorer.tokenizer().encode(RESPONSES.get(i).strip());
                if (i % 2 == 0) { // a sampler that stopped at EOS includes it; the layout does not add a second
                    r = java.util.Arrays.copyOf(r, r.length + 1);
                    r[r.length - 1] = scorer.tokenizer().eosId();
                }
                responseIds.add(r);
            }
            float[] fromText = scorer.score(PROMPTS, RESPONSES);
            float[] fromIds = scorer.scoreTokens(promptIds, responseIds);
            for (int i = 0; i < fromText.length; i++) {
                assertEquals(fromIds[i], fromText[i], 1e-6, "row " + i);
            }
            // the layout: prompt ids, response ids, EOS
            int[] row = RewardModelInput.of(format, scorer.tokenizer(), PROMPTS.get(1), RESPONSES.get(1));
            int[] p = promptIds.get(1);
            assertEquals(java.util.Arrays.copyOf(row, p.length), p);
            assertEquals(row[row.length - 1], scorer.tokenizer().eosId());
            assertEquals(row.length, p.length + scorer.tokenizer().encode("tac").length + 1);
        }
    }

    @Test
    public void scoringLeavesGradModeAsItWas() throws IOException {
        boolean before = ai.djl.pytorch.jni.JniUtils.isGradMode();
        try (RewardModelScorer scorer = RewardModelScorer.open(rm)) {
            scorer.score(PROMPTS.subList(0, 1), RESPONSES.subList(0, 1));
        }
        assertEquals(ai.djl.pytorch.jni.JniUtils.isGradMode(), before);
    }

    @Test
    public void causalLmDirectoryIsRefusedClearly() {
        IOException e = expectThrows(IOException.class, () -> RewardModelScorer.open(tiny.chatModel));
        assertTrue(e.getMessage().contains("causal language model"), e.getMessage());
        IOException reverse = expectThrows(IOException.class,
                () -> RewardModelInit.write(rm, tiny.dir.resolve("rm-of-rm"), 1));
        assertTrue(reverse.getMessage().contains("is a reward model"), reverse.getMessage());
        assertFalse(Files.exists(tiny.dir.resolve("rm-of-rm")));
    }

    @Test
    public void tooLongRowIsNamed() throws IOException {
        try (RewardModelScorer scorer = RewardModelScorer.open(rm)) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                    () -> scorer.scoreTokens(List.of(new int[] {1, 5}, new int[] {1}),
                            List.of(new int[] {7}, new int[200])));
            assertTrue(e.getMessage().startsWith("response 1:"), e.getMessage());
        }
    }

    @Test
    public void rewardModelsCombineAndCheckTokenizers() throws IOException {
        Path safety = tiny.rewardModel("rm-safety", 12);
        List<PromptRecord> records = new ArrayList<>();
        for (int i = 0; i < PROMPTS.size(); i++) {
            records.add(new PromptRecord("p" + i, PROMPTS.get(i), i == 4, "test"));
        }
        try (RewardModels models = RewardModels.open(rm, safety)) {
            RewardModels.Scores s = models.scores(records, RESPONSES);
            float[] gated = models.rewards(records, RESPONSES, RewardFunction.GATED);
            for (int i = 0; i < gated.length; i++) {
                float expected = (float) RewardFunction.GATED.reward(s.helpfulness()[i], s.safety()[i], i == 4);
                assertEquals(gated[i], expected, 0f);
            }
            assertEquals(models.rewards(records, RESPONSES, RewardFunction.HELPFULNESS), s.helpfulness());
            models.requireTokenizer(tiny.chatModel); // the chat model's own tokenizer: accepted
            TinyRm other = TinyRm.create(300, 5);
            try {
                IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                        () -> models.requireTokenizer(other.tokenizer));
                assertTrue(e.getMessage().contains("differs from the reward models'"), e.getMessage());
                Path otherRm = other.rewardModel("rm", 1);
                IllegalArgumentException pair = expectThrows(IllegalArgumentException.class,
                        () -> RewardModels.open(rm, otherRm));
                assertTrue(pair.getMessage().contains("differs from the safety RM's"), pair.getMessage());
            } finally {
                FileTrees.delete(other.dir);
            }
        }
    }
}
