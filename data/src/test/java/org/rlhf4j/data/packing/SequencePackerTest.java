package org.rlhf4j.data.packing;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.data.tokenizer.TinyTokenizers;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Packing on the word-level tokenizer of {@link TinyTokenizers} (1 &lt;s&gt;, 2 &lt;/s&gt;, 3 [INST], 4 [/INST],
 * 5 &lt;&lt;SYS&gt;&gt;, 6 &lt;&lt;/SYS&gt;&gt;, 7 Hi, 8 Hello!, 9 Bye, 10 Be, 11 brief., 12 a, 13 b, 14 c, 15 d).
 */
public class SequencePackerTest {

    private static final int EOS = 2;

    private LlamaTokenizer tokenizer;
    /** user Hi / assistant Hello!: 1 3 7 4 8 2, targets at 4, 5. */
    private ChatTokens single;
    /** system Be brief. / user Hi / assistant Bye: 1 3 5 10 11 6 7 4 9 2, targets at 8, 9. */
    private ChatTokens withSystem;
    /** a / b / c / d: 1 3 12 4 13 2 1 3 14 4 15 2, answers at 4, 5 and 10, 11. */
    private ChatTokens multiTurn;

    @BeforeClass
    public void open() throws Exception {
        tokenizer = LlamaTokenizer.open(TinyTokenizers.wordLevel(Files.createTempDirectory("packing")));
        ChatFormat format = new ChatFormat(tokenizer);
        single = format.encodeDialog(List.of(Message.user("Hi"), Message.assistant("Hello!")));
        withSystem = format.encodeDialog(List.of(Message.system("Be brief."), Message.user("Hi"),
                Message.assistant("Bye")));
        multiTurn = format.encodeDialog(List.of(Message.user("a"), Message.assistant("b"), Message.user("c"),
                Message.assistant("d")));
    }

    @AfterClass
    public void close() {
        tokenizer.close();
    }

    private static PackingConfig config(int length, OverflowPolicy overflow, LossOn lossOn) {
        return new PackingConfig(length, 0, overflow, lossOn);
    }

    private static PackingResult pack(PackingConfig config, ChatTokens... examples) {
        return new SequencePacker(config, EOS).pack(List.of(examples));
    }

    @Test
    public void singleTurnIsPaddedWithMaskZero() {
        PackingResult r = pack(config(8, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), single);
        assertEquals(r.rows(), List.of(new PackedRow(
                new int[] {1, 3, 7, 4, 8, 2, 0, 0},
                new int[] {0, 0, 0, 0, 1, 1, 0, 0},
                new int[] {1, 1, 1, 1, 1, 1, 0, 0})));
        assertEquals(r.stats(), new PackingStats(1, 1, 0, 0, 1, 6, 2, 2, 0));
    }

    @Test
    public void systemTokensAreNotTargetsAndExamplesShareARow() {
        PackingResult r = pack(config(16, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS),
                single, withSystem, single);
        // 6 + 10 = 16 fill the first row exactly; the third example starts the second row.
        assertEquals(r.rows().get(0), new PackedRow(
                new int[] {1, 3, 7, 4, 8, 2, 1, 3, 5, 10, 11, 6, 7, 4, 9, 2},
                new int[] {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1},
                new int[] {1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}));
        assertEquals(r.rows().get(1), new PackedRow(
                new int[] {1, 3, 7, 4, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                new int[] {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                new int[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertEquals(r.stats(), new PackingStats(3, 3, 0, 0, 2, 22, 10, 6, 0));
        assertEquals(r.rows().get(0).exampleCount(), 2);
    }

    @Test
    public void multiTurnTrainsEveryAnswer() {
        PackingResult r = pack(config(12, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), multiTurn);
        assertEquals(r.rows().get(0).tokens(), new int[] {1, 3, 12, 4, 13, 2, 1, 3, 14, 4, 15, 2});
        assertEquals(r.rows().get(0).lossMask(), new int[] {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1});
    }

    @Test
    public void ghostAttentionTrainsOnlyTheLastAnswer() {
        PackingResult r = pack(config(14, OverflowPolicy.DROP, LossOn.LAST_ASSISTANT_TURN), multiTurn);
        assertEquals(r.rows().get(0).lossMask(), new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0});
        assertEquals(r.stats().targetTokens(), 2);
    }

    @Test
    public void padIdIsConfigurableButNeverEos() {
        PackingResult r = pack(new PackingConfig(7, 12, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), single);
        assertEquals(r.rows().get(0).tokens(), new int[] {1, 3, 7, 4, 8, 2, 12});
        assertEquals(r.rows().get(0).lossMask()[6], 0);
        assertEquals(r.rows().get(0).lossMask()[5], 1, "the EOS closing the answer is trained");
        assertThrows(IllegalArgumentException.class, () -> new SequencePacker(
                new PackingConfig(8, EOS, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), EOS));
    }

    @Test
    public void overflowingExamplesAreDroppedAndCounted() {
        PackingResult r = pack(config(8, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), single, multiTurn, single);
        assertEquals(r.rows().size(), 2, "6 + 6 > 8: one example per row");
        assertEquals(r.stats(), new PackingStats(3, 2, 0, 1, 2, 12, 4, 4, 0));
    }

    @Test
    public void aCutThroughAnEarlierAnswerRemovesTheRestOfIt() {
        // 12 tokens into 8: BOS + the last 7 tokens would be 1 | 2 1 3 14 4 15 2, a trained EOS right after BOS
        // (teaching the model to answer nothing). The rest of the cut answer goes too; the tail has its own BOS.
        PackingResult r = pack(config(8, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.ALL_ASSISTANT_TURNS), multiTurn);
        assertEquals(r.rows(), List.of(new PackedRow(
                new int[] {1, 3, 14, 4, 15, 2, 0, 0},
                new int[] {0, 0, 0, 0, 1, 1, 0, 0},
                new int[] {1, 1, 1, 1, 1, 1, 0, 0})));
        assertEquals(r.stats(), new PackingStats(1, 1, 1, 0, 1, 6, 2, 2, 6));
        // 9 tokens: the cut ends at the start of "b", so the whole answer stays (as a final answer may, too).
        PackingResult nine = pack(config(9, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.ALL_ASSISTANT_TURNS),
                multiTurn);
        assertEquals(nine.rows().get(0).tokens(), new int[] {1, 13, 2, 1, 3, 14, 4, 15, 2});
        assertEquals(nine.rows().get(0).lossMask(), new int[] {0, 1, 1, 0, 0, 0, 0, 1, 1});
    }

    @Test
    public void aCutAtAnExchangeBoundaryAddsNoSecondBos() {
        // 12 tokens into 7: the last 6 tokens are the whole second exchange, which starts with its own BOS.
        PackingResult r = pack(config(7, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.ALL_ASSISTANT_TURNS), multiTurn);
        assertEquals(r.rows().get(0).tokens(), new int[] {1, 3, 14, 4, 15, 2, 0});
        assertEquals(r.rows().get(0).lossMask(), new int[] {0, 0, 0, 0, 1, 1, 0});
        assertEquals(r.stats().truncatedTokens(), 6);
    }

    @Test
    public void aCutInsideAPromptKeepsBosAndThePromptsTail() {
        // 12 tokens into 5: BOS + "c [/INST] d </s>"; the prompt is cut on the left, the answer is whole.
        PackingResult r = pack(config(5, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.ALL_ASSISTANT_TURNS), multiTurn);
        assertEquals(r.rows().get(0).tokens(), new int[] {1, 14, 4, 15, 2});
        assertEquals(r.rows().get(0).lossMask(), new int[] {0, 0, 0, 1, 1});
        assertEquals(r.stats(), new PackingStats(1, 1, 1, 0, 1, 5, 0, 2, 7));
    }

    /**
     * At every row length and both loss settings, a truncated example keeps a single BOS and trains only whole
     * answers: each run of targets is "b &lt;/s&gt;" or "d &lt;/s&gt;", never a lone EOS or a fragment.
     */
    @Test
    public void truncationAtAnyLengthTrainsOnlyWholeAnswers() {
        List<List<Integer>> answers = List.of(List.of(13, 2), List.of(15, 2));
        for (LossOn lossOn : LossOn.values()) {
            for (int length = 2; length <= multiTurn.length(); length++) {
                PackingResult r = pack(config(length, OverflowPolicy.TRUNCATE_PROMPT_LEFT, lossOn), multiTurn);
                String where = lossOn + ", length " + length;
                if (r.rows().isEmpty()) {
                    assertEquals(r.stats().droppedExamples(), 1, where);
                    continue;
                }
                int[] tokens = r.rows().get(0).tokens();
                int[] mask = r.rows().get(0).lossMask();
                assertEquals(tokens[0], 1, where);
                assertTrue(tokens[1] != 1, where + ": a second BOS");
                int targets = 0;
                for (int t = 0; t < tokens.length; t++) {
                    if (mask[t] == 1 && (t == 0 || mask[t - 1] == 0)) {
                        List<Integer> run = new java.util.ArrayList<>();
                        for (int u = t; u < tokens.length && mask[u] == 1; u++) {
                            run.add(tokens[u]);
                        }
                        assertTrue(answers.contains(run), where + ": trained run " + run + " is not a whole answer");
                        targets += run.size();
                    }
                }
                assertTrue(targets >= 2, where + ": the final answer is trained");
            }
        }
    }

    @Test
    public void truncationNeverCutsIntoTheFinalAnswer() {
        // Length 3: BOS + "d" + EOS still holds the whole final answer.
        PackingResult fits = pack(config(3, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.LAST_ASSISTANT_TURN),
                multiTurn);
        assertEquals(fits.rows().get(0).tokens(), new int[] {1, 15, 2});
        assertEquals(fits.rows().get(0).lossMask(), new int[] {0, 1, 1});
        assertEquals(fits.stats().truncatedTokens(), 9);
        // Length 2 would cut "d": the example is dropped, and counted.
        PackingResult dropped = pack(config(2, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.LAST_ASSISTANT_TURN),
                multiTurn, multiTurn);
        assertEquals(dropped.rows().size(), 0);
        assertEquals(dropped.stats(), new PackingStats(2, 0, 0, 2, 0, 0, 0, 0, 0));
    }

    @Test
    public void promptsWithoutAnswersAreRefused() {
        ChatTokens prompt = new ChatFormat(tokenizer).encodePrompt(List.of(Message.user("Hi")));
        assertThrows(IllegalArgumentException.class,
                () -> pack(config(8, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS), prompt));
    }

    @Test
    public void configIsValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new PackingConfig(1, 0, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS));
        assertThrows(IllegalArgumentException.class,
                () -> new PackingConfig(8, -1, OverflowPolicy.DROP, LossOn.ALL_ASSISTANT_TURNS));
        assertThrows(IllegalArgumentException.class, () -> new PackingConfig(8, 0, null, LossOn.ALL_ASSISTANT_TURNS));
        assertEquals(PackingConfig.llama2Sft().sequenceLength(), 4096);
        assertEquals(PackingConfig.llama2Sft().withLossOn(LossOn.LAST_ASSISTANT_TURN).lossOn(),
                LossOn.LAST_ASSISTANT_TURN);
    }
}
