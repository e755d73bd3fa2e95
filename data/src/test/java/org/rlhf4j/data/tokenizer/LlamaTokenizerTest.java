package org.rlhf4j.data.tokenizer;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.rlhf4j.artifacts.InputException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The real Llama 2 tokenizer (test resource llama2/tokenizer.json) through DJL. */
public class LlamaTokenizerTest {

    private LlamaTokenizer tokenizer;

    /** Opens the committed Llama 2 tokenizer. */
    public static LlamaTokenizer openLlama2() throws Exception {
        return LlamaTokenizer.open(Path.of(LlamaTokenizerTest.class.getResource("/llama2/tokenizer.json").toURI()));
    }

    @BeforeClass
    public void open() throws Exception {
        tokenizer = openLlama2();
    }

    @AfterClass
    public void close() {
        tokenizer.close();
    }

    @Test
    public void specialIdsAndVocabularyAreLlama2s() {
        assertEquals(tokenizer.bosId(), 1);
        assertEquals(tokenizer.eosId(), 2);
        assertEquals(tokenizer.vocabSize(), 32000);
    }

    @Test
    public void encodesLikeSentencePieceWithoutBosOrEos() {
        // Pieces from the METHOD.md §2 golden sequence: "▁[" "INST" "]" ... "▁Hello" "!" "▁".
        assertEquals(tokenizer.encode("[INST] Bye [/INST]"),
                new int[] {518, 25580, 29962, 2648, 29872, 518, 29914, 25580, 29962});
        assertEquals(tokenizer.encode("Hello! "), new int[] {15043, 29991, 29871});
    }

    @Test
    public void unknownCharactersFallBackToBytes() {
        // U+1F600 is F0 9F 98 80 in UTF-8; <0xNN> has id 3 + NN. The dummy prefix "▁" is 29871.
        assertEquals(tokenizer.encode("\uD83D\uDE00"), new int[] {29871, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80});
    }

    @Test
    public void longTextIsNeverTruncated() {
        String text = "hello ".repeat(2500).strip();
        int[] ids = tokenizer.encode(text);
        assertEquals(ids.length, 2500, "DJL's default would cut this at 512 tokens");
        int[] distinct = Arrays.stream(ids).distinct().toArray();
        assertEquals(distinct.length, 1, "every '▁hello' is the same piece");
        assertEquals(tokenizer.decode(ids), text);
    }

    @Test
    public void decodeRoundTripsTextAndSkipsSpecialTokens() {
        String text = "Grüße, 世界! 42 \uD83D\uDE00\n  two spaces";
        int[] ids = tokenizer.encode(text);
        assertEquals(tokenizer.decode(ids), text);
        int[] withSpecials = new int[ids.length + 2];
        withSpecials[0] = tokenizer.bosId();
        System.arraycopy(ids, 0, withSpecials, 1, ids.length);
        withSpecials[ids.length + 1] = tokenizer.eosId();
        assertEquals(tokenizer.decode(withSpecials), text);
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {32000}));
    }

    @Test
    public void digitsAreSplitIntoSingleDigits() {
        int[] ids = tokenizer.encode("2023");
        // "▁" then one piece per digit (METHOD.md §1).
        assertEquals(ids.length, 5);
        assertEquals(tokenizer.decode(ids), "2023");
    }

    @Test
    public void offsetsAreCharacterIndicesOfTheInput() {
        EncodedText e = tokenizer.encodeWithOffsets("é [/INST] x");
        // "▁é" at 0; "▁[" starts at the space (index 1, one char for é, not two bytes); "/" at 3; "▁x" at 9.
        assertEquals(e.charStarts()[0], 0);
        assertEquals(e.charStarts()[1], 1);
        assertEquals(e.charStarts()[2], 3);
        assertEquals(e.charStarts()[e.charStarts().length - 1], 9);
    }

    @Test
    public void tokenizerWithoutBosIsRejected() throws IOException {
        Path dir = Files.createTempDirectory("tok");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"<unk>\":0,\"</s>\":1},\"unk_token\":\"<unk>\"}}");
        InputException e = expectThrows(() -> LlamaTokenizer.open(dir));
        assertEquals(e.getMessage(), file + ": the vocabulary has no piece '<s>' (Llama tokenizers need <s> and </s>)");
    }

    @Test
    public void aFileThatIsNotATokenizerIsNamed() throws IOException {
        Path dir = Files.createTempDirectory("tok");
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertEquals(expectThrows(() -> LlamaTokenizer.open(notJson)).getMessage().replaceAll(": Unrecognized.*", ""),
                notJson + ":1: not valid JSON; expected a Hugging Face tokenizer.json");
        Path other = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64}");
        assertEquals(expectThrows(() -> LlamaTokenizer.open(other)).getMessage(), other + ": field model.vocab is "
                + "missing or neither an object nor an array; expected a Hugging Face tokenizer.json");
        assertEquals(expectThrows(() -> LlamaTokenizer.open(dir)).getMessage(), dir + ": no tokenizer.json in this "
                + "directory (if the tokenizer is elsewhere, name its file)");
    }

    private static InputException expectThrows(ThrowingOpen open) throws IOException {
        try {
            open.run().close();
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError("expected an InputException");
    }

    private interface ThrowingOpen {
        LlamaTokenizer run() throws IOException;
    }
}
