package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@code rlhf chat} driven by a script on standard input. */
public class ChatCommandTest {

    private static final Pattern STATS = Pattern.compile("\\[(\\d+) tokens, ([0-9.]+) tok/s]");
    private Path modelDir;
    private Path shortModelDir;

    @BeforeClass
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("chat-cli");
        String[] words = {"the", "cat", "sat", "on", "mat", "and", "then", "ran", "away", "from", "dog"};
        Random random = new Random(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < 10; w++) {
                line.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            lines.add(line.toString());
        }
        Files.write(dir.resolve("corpus.txt"), lines);
        Path tokenizer = dir.resolve("tokenizer.json");
        CliRun train = CliRun.of("tokenizer", "train", "--corpus", dir.resolve("corpus.txt").toString(),
                "--vocab-size", "300", "--out", tokenizer.toString());
        assertEquals(train.exitCode(), 0, train.err());
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(tokenizer)) {
            vocab = t.vocabSize();
        }
        modelDir = save(dir.resolve("model"), new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 256, 10000.0, 1e-5),
                tokenizer);
        shortModelDir = save(dir.resolve("short"), new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 40, 10000.0, 1e-5),
                tokenizer);
    }

    private static Path save(Path dir, LlamaConfig config, Path tokenizer) throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, config, HeadKind.CAUSAL_LM, 3)) {
            model.save(dir);
        }
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        return dir;
    }

    private static CliRun chat(String script, String... args) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
            List<String> all = new ArrayList<>(List.of("chat"));
            all.addAll(List.of(args));
            return CliRun.of(all.toArray(new String[0]));
        } finally {
            System.setIn(stdin);
        }
    }

    /** The answer text printed after each prompt, in order. */
    private static List<String> answers(String out) {
        List<String> answers = new ArrayList<>();
        for (String turn : out.split(Pattern.quote(ChatCommand.PROMPT))) {
            int stats = turn.indexOf("\n[");
            if (stats >= 0) {
                answers.add(turn.substring(turn.indexOf('\n') + 1, stats)); // after the echoed user line
            }
        }
        return answers;
    }

    @Test
    public void multiTurnConversationFromAScript() {
        CliRun run = chat("the cat sat\nthen the dog ran\n\n/reset\nthe cat sat\n/quit\nnever read\n",
                "--model", modelDir.toString(), "--temperature", "0", "--max-new-tokens", "6", "--system",
                "answer briefly");
        assertEquals(run.exitCode(), 0, run.err());
        Matcher m = STATS.matcher(run.out());
        int turns = 0;
        while (m.find()) {
            turns++;
            int tokens = Integer.parseInt(m.group(1));
            assertTrue(tokens >= 0 && tokens <= 6, run.out());
            assertTrue(tokens == 0 || Double.parseDouble(m.group(2)) > 0, run.out());
        }
        assertEquals(turns, 3, run.out()); // the empty line is skipped and nothing after /quit is read
        assertTrue(run.out().contains("(new conversation)"), run.out());
        assertTrue(run.out().contains(ChatCommand.PROMPT + "then the dog ran\n"), run.out()); // input is echoed
        List<String> answers = answers(run.out());
        assertEquals(answers.size(), 3, run.out());
        // Greedy: after /reset the same first turn gets the same answer as in the first conversation.
        assertEquals(answers.get(2), answers.get(0), run.out());
    }

    @Test
    public void saysWhenTheContextIsFull() {
        CliRun run = chat("the cat sat on the mat and then ran away from the dog and the cat\nthe dog\n",
                "--model", shortModelDir.toString(), "--temperature", "1", "--top-p", "1", "--max-new-tokens",
                "100");
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("(context full"), run.out());
    }

    @Test
    public void rejectsATurnWithChatTags() {
        CliRun run = chat("[INST] hi\n", "--model", modelDir.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("(not sent:"), run.out());
    }
}
