package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class ChatSamplerTest {

    /** A small arena (tokenizer of 320 pieces), generated in about a second. */
    static final ArenaConfig SMALL =
            new ArenaConfig(300, 60, 20, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 20, 3, 20_000, 320);

    private NDManager manager;
    private LlamaTokenizer tokenizer;
    private LlamaModel model;
    private List<PromptRecord> prompts;
    private Path arena;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("eval-arena");
        ArenaGenerator.generate(SMALL, 3L, arena);
        prompts = JsonlReader.readAll(arena.resolve("prompts/test.jsonl"), RecordKind.PROMPTS).subList(0, 7);
        tokenizer = LlamaTokenizer.open(arena.resolve("tokenizer.json"));
        manager = NDManager.newBaseManager();
        model = LlamaModel.initialized(manager, LlamaConfig.preset("tiny").withVocabSize(tokenizer.vocabSize()),
                HeadKind.CAUSAL_LM, 7);
        // Larger weights than Llama's 0.02 init make the random model's greedy answers depend on the prompt.
        for (var p : model.namedParameters().values()) {
            if (p.getArray().getShape().dimension() == 2) {
                p.getArray().muli(manager.create(10f));
            }
        }
    }

    @AfterClass
    public void tearDown() {
        model.close();
        tokenizer.close();
        manager.close();
    }

    private static ChatSamplingConfig greedy(int batch) {
        return new ChatSamplingConfig(0, 1, 10, batch);
    }

    @Test
    public void greedyAnswersDoNotDependOnTheBatchSize() {
        ChatSampler sampler = ChatSampler.of(model, tokenizer);
        List<String> alone = sampler.answer(prompts, greedy(1), 1);
        assertEquals(alone.size(), prompts.size());
        assertEquals(sampler.answer(prompts, greedy(3), 1), alone, "batches of 3 (left-padded rows)");
        assertEquals(sampler.answer(prompts, greedy(32), 99), alone, "one batch; greedy ignores the seed");
        assertTrue(alone.stream().distinct().count() > 1, "answers should depend on the prompt: " + alone);
        for (String a : alone) {
            assertEquals(a, a.strip());
            assertTrue(!a.contains("</s>") && !a.contains("<s>"), a);
        }
    }

    @Test
    public void sampledAnswersAreAFunctionOfTheSeed() {
        ChatSampler sampler = ChatSampler.of(model, tokenizer);
        ChatSamplingConfig sampled = new ChatSamplingConfig(1.0, 1.0, 10, 4);
        List<String> a = sampler.answer(prompts, sampled, 5);
        assertEquals(sampler.answer(prompts, sampled, 5), a);
        assertNotEquals(sampler.answer(prompts, sampled, 6), a);
    }

    @Test
    public void batchesAnsweredApartWithTheirSeedsGiveTheWholeRunsAnswers() {
        ChatSampler sampler = ChatSampler.of(model, tokenizer);
        ChatSamplingConfig sampled = new ChatSamplingConfig(1.0, 1.0, 10, 3);
        List<String> whole = sampler.answer(prompts, sampled, 5);
        int batches = ChatSampler.batches(prompts.size(), 3);
        assertTrue(batches >= 2, "several batches");
        long[] seeds = ChatSampler.batchSeeds(5, batches);
        List<String> apart = new java.util.ArrayList<>();
        for (int k = batches - 1; k >= 0; k--) { // any order
            apart.addAll(0, sampler.answerBatch(prompts.subList(3 * k, Math.min(prompts.size(), 3 * k + 3)), sampled,
                    seeds[k]));
        }
        assertEquals(apart, whole);
        assertEquals(ChatSampler.batchSeeds(5, batches + 2)[batches - 1], seeds[batches - 1], "a prefix");
        expectThrows(IllegalArgumentException.class, () -> sampler.answerBatch(prompts.subList(0, 4), sampled, 1));
    }

    @Test
    public void modelDirectoryRoundTrip() throws Exception {
        Path dir = Files.createTempDirectory("eval-model");
        model.save(dir);
        Files.copy(arena.resolve("tokenizer.json"), dir.resolve(ChatSampler.TOKENIZER_FILE));
        List<String> expected = ChatSampler.of(model, tokenizer).answer(prompts, greedy(4), 1);
        try (ChatSampler opened = ChatSampler.open(dir)) {
            assertEquals(opened.answer(prompts, greedy(4), 1), expected);
        }
        Files.delete(dir.resolve(ChatSampler.TOKENIZER_FILE));
        InputException e = expectThrows(InputException.class, () -> ChatSampler.open(dir));
        assertEquals(e.getMessage(), dir + ": no tokenizer.json next to the model weights");
    }

    @Test
    public void promptsThatDoNotFitTheContextAreNamed() {
        ChatSampler sampler = ChatSampler.of(model, tokenizer);
        int context = model.config().maxPositions();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> sampler.answer(prompts, new ChatSamplingConfig(0, 1, context, 4), 1));
        assertTrue(e.getMessage().contains(prompts.get(0).id()), e.getMessage());
    }

    @Test
    public void aModelWithAnotherVocabularyIsRejected() {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel other = LlamaModel.initialized(m, LlamaConfig.preset("tiny"), HeadKind.CAUSAL_LM, 1)) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                    () -> ChatSampler.of(other, tokenizer));
            assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
        }
    }
}
