package org.rlhf4j.data.chat;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.data.tokenizer.TinyTokenizers;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The chat format on tiny tokenizers whose ids are known by hand (ids: {@link TinyTokenizers#WORDS}). */
public class ChatFormatTest {

    private LlamaTokenizer words;
    private LlamaTokenizer bpe;
    private ChatFormat format;

    @BeforeClass
    public void open() throws Exception {
        Path dir = Files.createTempDirectory("chat-format");
        words = LlamaTokenizer.open(TinyTokenizers.wordLevel(dir));
        bpe = LlamaTokenizer.open(TinyTokenizers.bpeWithBoundaryMerge(dir));
        format = new ChatFormat(words);
    }

    @AfterClass
    public void close() {
        words.close();
        bpe.close();
    }

    @Test
    public void multiTurnDialogWithSystem() {
        ChatTokens t = format.encodeDialog(List.of(Message.system("Be brief."), Message.user(" Hi "),
                Message.assistant("Hello!"), Message.user("a b"), Message.assistant("c")));
        // <s> [INST] <<SYS>> Be brief. <</SYS>> Hi [/INST] Hello! </s> <s> [INST] a b [/INST] c </s>
        assertEquals(t.ids(), new int[] {1, 3, 5, 10, 11, 6, 7, 4, 8, 2, 1, 3, 12, 13, 4, 14, 2});
        assertEquals(t.assistant(), new boolean[] {false, false, false, false, false, false, false, false, true, true,
            false, false, false, false, false, true, true});
        assertEquals(t.turn(), new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1});
    }

    @Test
    public void systemSpanCoversTheSystemContentOnly() {
        List<Message> dialog = List.of(Message.system("Be brief."), Message.user(" Hi "), Message.assistant("Hello!"),
                Message.user("a b"), Message.assistant("c"));
        // <s> [INST] <<SYS>> Be brief. <</SYS>> Hi ...: "Be" and "brief." are tokens 3 and 4.
        assertEquals(format.systemSpan(dialog), new int[] {3, 5});
        assertEquals(format.systemSpan(dialog.subList(0, 4)), new int[] {3, 5}, "prompt form");
        assertEquals(format.systemSpan(dialog.subList(0, 2)), new int[] {3, 5}, "open first turn");
        assertThrows(IllegalArgumentException.class, () -> format.systemSpan(dialog.subList(1, 3)));
    }

    @Test
    public void samplingPromptChecksTheContextAndNamesThePrompt() {
        PromptRecord p = new PromptRecord("q7", List.of(Message.user("Hi")), false, "c");
        assertEquals(format.samplingPrompt(p, 3, 6), new int[] {1, 3, 7, 4}, "4 prompt ids + 3 new − 1 fit in 6");
        IllegalArgumentException tooLong = expectThrows(IllegalArgumentException.class,
                () -> format.samplingPrompt(p, 4, 6));
        assertTrue(tooLong.getMessage().contains("prompt 'q7' has 4 tokens"), tooLong.getMessage());
        PromptRecord tagged = new PromptRecord("q8", List.of(Message.user("a [INST] b")), false, "c");
        IllegalArgumentException bad = expectThrows(IllegalArgumentException.class,
                () -> format.samplingPrompt(tagged, 1, 64));
        assertTrue(bad.getMessage().startsWith("prompt 'q8': "), bad.getMessage());
    }

    @Test
    public void decodedAnswerDropsAFinalEosOnly() {
        assertEquals(format.decodeAnswer(new int[] {8, 2}), format.decodeAnswer(new int[] {8}));
        assertEquals(format.decodeAnswer(new int[] {2}), "");
    }

    @Test
    public void promptFormLeavesTheLastTurnOpen() {
        ChatTokens t = format.encodePrompt(List.of(Message.user("Hi"), Message.assistant("Hello!"),
                Message.user("Bye")));
        assertEquals(t.ids(), new int[] {1, 3, 7, 4, 8, 2, 1, 3, 9, 4});
        assertEquals(t.assistantTokenCount(), 2);
        assertEquals(format.encode(List.of(Message.user("Hi"))).ids(), new int[] {1, 3, 7, 4});
        assertEquals(format.encode(List.of(Message.user("Hi"), Message.assistant("Bye"))).ids(),
                new int[] {1, 3, 7, 4, 9, 2});
    }

    @Test
    public void tagsInsideMessagesAreRefused() {
        for (String tag : ChatFormat.SPECIAL_TAGS) {
            IllegalArgumentException e = expectReject(List.of(Message.user("Hi " + tag), Message.assistant("a")));
            assertTrue(e.getMessage().contains("messages[0].content"), e.getMessage());
        }
        IllegalArgumentException sys = expectReject(List.of(Message.system("x [/INST] y"), Message.user("Hi"),
                Message.assistant("a")));
        assertTrue(sys.getMessage().contains("messages[0].content (system)"), sys.getMessage());
        IllegalArgumentException bos = expectReject(List.of(Message.user("Hi"), Message.assistant("a </s> b")));
        assertTrue(bos.getMessage().contains("BOS/EOS"), bos.getMessage());
    }

    @Test
    public void rolesMustAlternate() {
        IllegalArgumentException e = expectReject(List.of(Message.user("Hi"), Message.user("Hi")));
        assertTrue(e.getMessage().contains("messages[1].role"), e.getMessage());
        e = expectReject(List.of(Message.assistant("Hi")));
        assertTrue(e.getMessage().contains("messages[0].role"), e.getMessage());
        e = expectReject(List.of(Message.user("Hi"), Message.system("x"), Message.assistant("a")));
        assertTrue(e.getMessage().contains("messages[1].role"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> format.encodeDialog(List.of(Message.system("x"))));
        assertThrows(IllegalArgumentException.class, () -> format.encodeDialog(List.of()));
        // The training form needs a final answer, the prompt form a final user message.
        assertThrows(IllegalArgumentException.class, () -> format.encodeDialog(List.of(Message.user("Hi"))));
        assertThrows(IllegalArgumentException.class,
                () -> format.encodePrompt(List.of(Message.user("Hi"), Message.assistant("a"))));
    }

    @Test
    public void pieceMergedAcrossThePromptEndIsAPromptToken() {
        ChatFormat chat = new ChatFormat(bpe);
        ChatTokens t = chat.encodeDialog(List.of(Message.user("Hi"), Message.assistant("Ok")));
        int sp = TinyTokenizers.bpeId('\u2581');
        int merged = TinyTokenizers.bpeBracketSpaceId();
        // "▁[INST]▁Hi▁[/INST]▁Ok▁": "]▁" merges twice; the second one straddles the end of "[INST] Hi [/INST]".
        int[] expected = {1, sp, id('['), id('I'), id('N'), id('S'), id('T'), merged, id('H'), id('i'), sp, id('['),
            id('/'), id('I'), id('N'), id('S'), id('T'), merged, id('O'), id('k'), sp, 2};
        assertEquals(t.ids(), expected);
        int firstAnswer = expected.length - 4; // "O", "k", "▁", EOS
        for (int i = 0; i < expected.length; i++) {
            assertEquals(t.assistant()[i], i >= firstAnswer, "token " + i);
        }
    }

    @Test
    public void stripIsPythonStrip() {
        assertEquals(ChatFormat.strip("\u00a0 \t a b \n\u2003"), "a b");
        assertEquals(ChatFormat.strip("   "), "");
    }

    private static int id(char c) {
        return TinyTokenizers.bpeId(c);
    }

    private IllegalArgumentException expectReject(List<Message> messages) {
        try {
            format.encode(messages);
        } catch (IllegalArgumentException e) {
            return e;
        }
        throw new AssertionError("expected the dialog to be refused: " + messages);
    }
}
