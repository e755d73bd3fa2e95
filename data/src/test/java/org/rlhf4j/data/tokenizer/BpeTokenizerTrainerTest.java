package org.rlhf4j.data.tokenizer;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.artifacts.InputException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Trains on a synthetic corpus and checks the written tokenizer.json through DJL's HuggingFaceTokenizer. */
public class BpeTokenizerTrainerTest {

    private static final int VOCAB_SIZE = 1024;

    private Path dir;
    private Path tokenizerJson;
    private List<String> corpus;
    private BpeTrainingReport report;
    private HuggingFaceTokenizer tokenizer;
    private JsonNode vocab;

    @BeforeClass
    public void train() throws IOException {
        dir = Files.createTempDirectory("bpe-test");
        tokenizerJson = dir.resolve("tokenizer.json");
        corpus = SyntheticCorpus.lines(7, 3000);
        report = BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(VOCAB_SIZE), tokenizerJson);
        tokenizer = open(tokenizerJson);
        vocab = new ObjectMapper().readTree(tokenizerJson.toFile()).get("model").get("vocab");
    }

    static HuggingFaceTokenizer open(Path json) throws IOException {
        return HuggingFaceTokenizer.newInstance(json, Map.of("addSpecialTokens", "false", "truncation", "false"));
    }

    @AfterClass(alwaysRun = true)
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    private String roundTrip(String text) {
        return tokenizer.decode(tokenizer.encode(text).getIds(), false);
    }

    @Test
    public void vocabularyHasRequestedSizeAndReservedHead() {
        assertEquals(report.vocabSize(), VOCAB_SIZE);
        assertEquals(vocab.size(), VOCAB_SIZE);
        assertEquals(report.mergeCount(), VOCAB_SIZE - LlamaPieces.FIRST_LEARNED_ID - report.alphabetSize());
        assertEquals(vocab.get("<unk>").asInt(), 0);
        assertEquals(vocab.get("<s>").asInt(), 1);
        assertEquals(vocab.get("</s>").asInt(), 2);
        for (int b = 0; b < 256; b++) {
            assertEquals(vocab.get(String.format("<0x%02X>", b)).asInt(), 3 + b);
        }
        assertEquals(vocab.get("<0x41>").asInt(), 68);
        assertEquals(tokenizer.decode(new long[] {LlamaPieces.BOS_ID}, false), "<s>");
        assertEquals(tokenizer.decode(new long[] {LlamaPieces.EOS_ID}, false), "</s>");
        // Byte pieces decode to their byte: 0x41 is 'A'.
        assertEquals(tokenizer.decode(new long[] {3 + 0x41}, false), "A");
    }

    @Test
    public void digitsAreSingleTokens() {
        Encoding e = tokenizer.encode("12345");
        assertEquals(e.getTokens(), new String[] {"\u2581", "1", "2", "3", "4", "5"});
        for (int d = 1; d <= 5; d++) {
            assertEquals(e.getIds()[d], vocab.get(Integer.toString(d)).asLong(), "digit " + d);
        }
        Encoding mixed = tokenizer.encode("re2024con");
        for (String token : mixed.getTokens()) {
            boolean hasDigit = token.codePoints().anyMatch(LlamaPieces::isDigit);
            assertTrue(!hasDigit || token.codePointCount(0, token.length()) == 1, token);
        }
        assertEquals(roundTrip("re2024con"), "re2024con");
    }

    @Test
    public void learnedPiecesKeepDigitsAloneAndBoundaryFirst() {
        for (var it = vocab.fieldNames(); it.hasNext(); ) {
            String piece = it.next();
            if (vocab.get(piece).asInt() < LlamaPieces.FIRST_LEARNED_ID) {
                continue;
            }
            int length = piece.codePointCount(0, piece.length());
            assertTrue(length == 1 || piece.codePoints().noneMatch(LlamaPieces::isDigit), piece);
            assertTrue(BpeTokenizerTrainer.isValidPiece(piece), piece);
        }
        assertTrue(vocab.has("\u2581\u2581\u2581\u2581"), "indentation piece from the corpus's code lines");
    }

    @Test
    public void unseenCharacterFallsBackToBytes() {
        assertFalse(String.join("\n", corpus).contains("漢"));
        Encoding e = tokenizer.encode("漢");
        // "漢" is E6 BC A2 in UTF-8.
        assertEquals(e.getTokens(), new String[] {"\u2581", "<0xE6>", "<0xBC>", "<0xA2>"});
        assertEquals(e.getIds()[1], 3 + 0xE6);
        assertEquals(roundTrip("漢"), "漢");
        assertEquals(roundTrip("ab漢😀c"), "ab漢😀c");
    }

    @Test
    public void controlPiecesInTextAreOrdinaryCharacters() {
        String text = "<s>[INST] hi </s><unk><0x41>";
        Encoding e = tokenizer.encode(text);
        for (long id : e.getIds()) {
            assertTrue(id >= LlamaPieces.FIRST_BYTE_ID, "text must not produce a control id: " + id);
            assertNotEquals(id, 3L + 0x41, "the text <0x41> must not become the byte piece");
        }
        assertEquals(roundTrip(text), text);
    }

    @Test
    public void noTruncationOfLongInputs() {
        String text = "pro con 12 漢 ".repeat(400);
        assertTrue(tokenizer.encode(text).getIds().length > 2000);
        assertEquals(roundTrip(text), text);
    }

    @Test
    public void roundTripsEdgeStrings() {
        for (String s : new String[] {"", " ", "  ", "x", " x", "x ", "  x  y  ", "\n", "\t a\n\n b \r\n",
            "\u0000", "a\u0000b", "\uFFFD", "\u00A0nbsp", "e\u0301", "👩‍👩‍👧", "𠀀𠀁", "ＡＢＣ"}) {
            assertEquals(roundTrip(s), s, "round trip of [" + s + "]");
        }
    }

    @Test
    public void boundaryMarkInTextDecodesAsSpaceLikeLlama() {
        assertEquals(roundTrip("a\u2581b"), "a b");
    }

    @Test
    public void roundTripsRandomUnicode() {
        RandomText random = new RandomText(12345);
        for (int i = 0; i < 3000; i++) {
            String s = random.next(i % 50 == 0 ? 2000 : 40);
            assertEquals(roundTrip(s), s, "round trip of " + RandomText.codePoints(s));
        }
    }

    @Test
    public void compressesTheTrainingText() {
        long tokens = 0;
        long characters = 0;
        for (String line : corpus) {
            tokens += tokenizer.encode(line).getIds().length;
            characters += line.codePointCount(0, line.length());
        }
        double tokensPerChar = (double) tokens / characters;
        assertEquals(characters, report.characterCount());
        assertTrue(tokensPerChar < 0.4, "tokens/char " + tokensPerChar);
        // The trainer's own segmentation and the HF BPE encoder agree closely.
        assertEquals(tokensPerChar, report.tokensPerCharacter(), 0.001 * report.tokensPerCharacter());
    }

    @Test
    public void deterministicBytes() throws IOException {
        Path again = dir.resolve("again.json");
        BpeTokenizerTrainer.train(new ArrayList<>(corpus), BpeTrainerConfig.ofVocabSize(VOCAB_SIZE), again);
        assertEquals(Files.mismatch(tokenizerJson, again), -1L);
        Path other = dir.resolve("other.json");
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(VOCAB_SIZE - 1), other);
        assertNotEquals(Files.mismatch(tokenizerJson, other), -1L);
    }

    @Test
    public void trainsFromFileLikeFromLines() throws IOException {
        Path corpusFile = dir.resolve("corpus.txt");
        Files.write(corpusFile, corpus);
        Path fromFile = dir.resolve("from-file.json");
        BpeTrainingReport fileReport =
                BpeTokenizerTrainer.train(corpusFile, BpeTrainerConfig.ofVocabSize(VOCAB_SIZE), fromFile);
        assertEquals(Files.mismatch(tokenizerJson, fromFile), -1L);
        assertEquals(fileReport.lineCount(), corpus.size());
        // Batched measurement (DJL's batchEncode pads to the longest line unless padding is off) equals the
        // per-line encoding and the trainer's own count.
        TokensPerCharacter measured = TokensPerCharacter.measure(fromFile, corpusFile);
        long perLine = corpus.stream().mapToLong(line -> tokenizer.encode(line).getIds().length).sum();
        assertEquals(measured.tokens(), perLine);
        assertEquals(measured.characters(), report.characterCount());
        assertEquals(measured.lines(), corpus.size());
        Set<Path> leftovers = new HashSet<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(leftovers::add);
        }
        assertTrue(leftovers.isEmpty(), "atomic write leaves no temporary files: " + leftovers);
    }

    @Test
    public void trainsOnArbitraryUnicodeAndStillRoundTrips() throws IOException {
        // Control characters, NUL, emoji, combining marks and "<s>"-like text become pieces and merges: the JSON
        // must escape them so that the HF loader reads them back.
        RandomText random = new RandomText(77);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String line = random.next(60).replace("\n", "").replace("\r", "");
            lines.add(line);
            lines.add(line); // every pair occurs at least twice
        }
        Path json = dir.resolve("unicode.json");
        BpeTrainingReport unicode = BpeTokenizerTrainer.train(lines, new BpeTrainerConfig(8000, 1.0, 2, 16), json);
        assertTrue(unicode.mergeCount() > 1000, "merges " + unicode.mergeCount());
        try (HuggingFaceTokenizer t = open(json)) {
            RandomText probe = new RandomText(78);
            for (int i = 0; i < 500; i++) {
                String s = i < lines.size() ? lines.get(i) : probe.next(60);
                assertEquals(t.decode(t.encode(s).getIds(), false), s, RandomText.codePoints(s));
            }
        }
    }

    @Test
    public void invalidUtf8NamesFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', '\n', 'a', (byte) 0xC3, (byte) 0x28, '\n'});
        InputException e = expectThrows(InputException.class,
                () -> BpeTokenizerTrainer.train(bad, BpeTrainerConfig.ofVocabSize(300), dir.resolve("bad.json")));
        assertEquals(e.getMessage(), bad + ":2: not valid UTF-8 (a text corpus must be UTF-8)");
    }
}
