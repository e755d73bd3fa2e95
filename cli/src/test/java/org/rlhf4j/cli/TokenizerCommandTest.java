package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.tokenizer.TokensPerCharacter;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@code rlhf tokenizer train} through picocli. */
public class TokenizerCommandTest {

    private Path dir;
    private Path corpus;

    @BeforeClass
    public void writeCorpus() throws IOException {
        dir = Files.createTempDirectory("tokenizer-cli");
        corpus = dir.resolve("corpus.txt");
        String[] words = {"the", "cat", "sat", "on", "mat", "and", "then", "ran", "away", "from", "dog", "über"};
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                line.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            lines.add(line.append(' ').append(random.nextInt(1000)).append('.').toString());
        }
        Files.write(corpus, lines);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rlhf.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    public void trainsAndReports() throws IOException {
        Path json = dir.resolve("tok").resolve("tokenizer.json");
        Run r = run("tokenizer", "train", "--corpus", corpus.toString(), "--vocab-size", "400",
                "--out", json.toString());
        assertEquals(r.exitCode(), 0, r.err());
        // 12 distinct words: after 33 merges every word is one piece and no pair is left, so training stops early.
        assertTrue(r.out().contains("vocab size:  321 (259 reserved + 29 characters + 33 merged pieces; "
                + "requested 400, no allowed pair left occurring >= 2 times)"), r.out());
        assertTrue(r.out().contains("merges:      33"), r.out());
        assertTrue(r.out().contains("wall time:"), r.out());
        TokensPerCharacter measured = TokensPerCharacter.measure(json, corpus);
        assertTrue(measured.value() < 0.5, "compression " + measured.value());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "tokens/char: %.4f", measured.value())),
                r.out());
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(json, TokensPerCharacter.exactOptions())) {
            assertEquals(t.tokenize("the cat 42"), List.of("\u2581the", "\u2581cat", "\u2581", "4", "2"));
        }
        Manifest manifest = Manifest.read(json.getParent());
        assertEquals(manifest.kind(), "tokenizer");
        assertEquals(manifest.files().get("tokenizer.json"), Sha256.of(json));
        assertEquals(manifest.inputs().get(corpus.toString()), Sha256.of(corpus));
        assertEquals(((Number) manifest.metrics().get("vocab_size")).intValue(), 321);
    }

    @Test
    public void rejectsBadArgumentsNamingThem() {
        Run missing = run("tokenizer", "train", "--corpus", dir.resolve("nope.txt").toString(), "--vocab-size",
                "300", "--out", dir.resolve("x/tokenizer.json").toString());
        assertEquals(missing.exitCode(), ExitCode.BAD_INPUT);
        assertEquals(missing.err(), "rlhf tokenizer train: " + dir.resolve("nope.txt")
                + ": no such file; expected a UTF-8 text file, one example per line\n");
        Run small = run("tokenizer", "train", "--corpus", corpus.toString(), "--vocab-size", "100",
                "--out", dir.resolve("y/tokenizer.json").toString());
        assertEquals(small.exitCode(), 2);
        assertTrue(small.err().contains("vocabSize"), small.err());
        assertTrue(Files.notExists(dir.resolve("y/tokenizer.json")));
    }
}
