package org.rlhf4j.data.chat;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.data.tokenizer.LlamaTokenizerTest;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Golden test: the chat format with the real Llama 2 tokenizer gives the ids of METHOD.md §2. */
public class ChatFormatLlama2Test {

    /** METHOD.md §2: system "Be brief.", user "Hi", assistant "Hello!", user "Bye". */
    static final int[] GOLDEN = {1, 518, 25580, 29962, 3532, 14816, 29903, 6778, 13, 3629, 11473, 29889, 13, 29966,
        829, 14816, 29903, 6778, 13, 13, 18567, 518, 29914, 25580, 29962, 15043, 29991, 29871, 2, 1, 518, 25580,
        29962, 2648, 29872, 518, 29914, 25580, 29962};

    private LlamaTokenizer tokenizer;
    private ChatFormat format;

    @BeforeClass
    public void open() throws Exception {
        tokenizer = LlamaTokenizerTest.openLlama2();
        format = new ChatFormat(tokenizer);
    }

    @AfterClass
    public void close() {
        tokenizer.close();
    }

    @Test
    public void promptMatchesMetaLlamaIds() {
        ChatTokens tokens = format.encodePrompt(List.of(
                Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye")));
        assertEquals(tokens.ids(), GOLDEN);
    }

    @Test
    public void segmentsFollowThePositionsTheyWereBuiltAt() {
        ChatTokens tokens = format.encodePrompt(List.of(
                Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye")));
        // Exchange 0: BOS (0), "[INST] <<SYS>>...Hi [/INST]" (1..24), answer "▁Hello" "!" "▁" (25..27), EOS (28).
        // Exchange 1 (open): BOS (29), "[INST] Bye [/INST]" (30..38).
        for (int t = 0; t < GOLDEN.length; t++) {
            boolean answer = t >= 25 && t <= 28;
            assertEquals(tokens.assistant()[t], answer, "token " + t);
            assertEquals(tokens.turn()[t], t <= 28 ? 0 : 1, "token " + t);
        }
        assertEquals(tokens.turnCount(), 2);
        assertEquals(tokens.assistantTokenCount(), 4);
    }

    @Test
    public void finishedDialogEndsWithTheTrainedEos() {
        ChatTokens tokens = format.encodeDialog(List.of(
                Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello!"), Message.user("Bye"),
                Message.assistant("  Goodbye.\n")));
        int n = tokens.length();
        // The training form of the dialog extends the prompt form of its first four messages.
        assertEquals(java.util.Arrays.copyOf(tokens.ids(), GOLDEN.length), GOLDEN);
        assertEquals(tokens.ids()[n - 1], 2);
        assertTrue(tokens.assistant()[n - 1]);
        // The answer is stripped and followed by one "▁": "... [/INST] Goodbye. " -> decode gives the answer text.
        int firstAnswer = 39;
        assertFalse(tokens.assistant()[firstAnswer - 1]);
        assertTrue(tokens.assistant()[firstAnswer]);
        int[] answer = java.util.Arrays.copyOfRange(tokens.ids(), firstAnswer, n);
        assertEquals(tokenizer.decode(answer), "Goodbye. ");
    }
}
