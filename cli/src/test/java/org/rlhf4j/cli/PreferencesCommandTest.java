package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class PreferencesCommandTest {

    private Path arena;
    private Path modelDir;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("prefs-arena");
        ArenaGenerator.generate(new ArenaConfig(300, 60, 20, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 20, 3,
                20_000, 320), 4L, arena);
        modelDir = Files.createTempDirectory("prefs-model");
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(arena.resolve("tokenizer.json"))) {
            vocab = t.vocabSize();
        }
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, LlamaConfig.preset("tiny").withVocabSize(vocab),
                        HeadKind.CAUSAL_LM, 11)) {
            model.save(modelDir);
        }
        Files.copy(arena.resolve("tokenizer.json"), modelDir.resolve("tokenizer.json"));
    }

    private CliRun sample(Path out, String seed) {
        return CliRun.of("preferences", "sample", "--prompts", arena.resolve("prompts/train.jsonl").toString(),
                "--variant", modelDir + "@0.7", "--variant", modelDir + "@1.2", "--max-prompts", "16",
                "--max-new-tokens", "6", "--seed", seed, "--out", out.toString());
    }

    @Test
    public void sampleThenAnnotateGivesValidFilesAndIsDeterministic() throws Exception {
        Path dir = Files.createTempDirectory("prefs-out");
        Path tasks = dir.resolve("tasks.jsonl");
        CliRun run = sample(tasks, "3");
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().startsWith("wrote 16 comparison tasks"), run.out());
        CliRun valid = CliRun.of("data", "validate", "--kind", "tasks", tasks.toString());
        assertEquals(valid.exitCode(), 0, valid.out());
        List<ComparisonTask> read = JsonlReader.readAll(tasks, RecordKind.TASKS);
        assertEquals(read.size(), 16);
        for (ComparisonTask t : read) {
            assertTrue(t.id().startsWith("batch-1-"), t.id());
            assertTrue(t.temperatureA() != t.temperatureB(), t.toString());
            assertEquals(t.modelA(), modelDir.toString());
        }
        Path again = dir.resolve("again.jsonl");
        assertEquals(sample(again, "3").exitCode(), 0);
        assertEquals(Files.readAllBytes(again), Files.readAllBytes(tasks));

        Path pairs = dir.resolve("pairs.jsonl");
        CliRun annotate = CliRun.of("arena", "annotate", "--tasks", tasks.toString(), "--out", pairs.toString(),
                "--seed", "5");
        assertEquals(annotate.exitCode(), 0, annotate.err());
        assertTrue(annotate.out().contains("preference pairs"), annotate.out());
        assertEquals(CliRun.of("data", "validate", "--kind", "preferences", pairs.toString()).exitCode(), 0);
        List<PreferencePair> labelled = JsonlReader.readAll(pairs, RecordKind.PREFERENCES);
        long identical = read.stream().filter(t -> t.responseA().equals(t.responseB())).count();
        assertEquals(labelled.stream().filter(p -> p.axis() == Axis.HELPFULNESS).count(), 16 - identical);
        Path pairsAgain = dir.resolve("pairs-again.jsonl");
        CliRun.of("arena", "annotate", "--tasks", tasks.toString(), "--out", pairsAgain.toString(), "--seed", "5");
        assertEquals(Files.readAllBytes(pairsAgain), Files.readAllBytes(pairs));
    }

    @Test
    public void badInputIsNamedAndNothingIsWritten() throws Exception {
        Path dir = Files.createTempDirectory("prefs-bad");
        Path out = dir.resolve("tasks.jsonl");
        CliRun one = CliRun.of("preferences", "sample", "--prompts", arena.resolve("prompts/train.jsonl").toString(),
                "--variant", modelDir + "@0.7", "--out", out.toString());
        assertEquals(one.exitCode(), 2);
        assertTrue(one.err().contains("at least two sampling variants"), one.err());
        assertFalse(Files.exists(out));

        Path tasks = dir.resolve("bad-tasks.jsonl");
        Files.writeString(tasks, "{\"id\":\"t1\",\"prompt\":[{\"role\":\"user\",\"content\":\"What is 1 plus 2?\"}],"
                + "\"is_safety\":false,\"category\":\"arithmetic\",\"response_a\":\"3\",\"model_a\":\"m\","
                + "\"temperature_a\":\"hot\",\"response_b\":\"4\",\"model_b\":\"m\",\"temperature_b\":1}\n");
        Path pairs = dir.resolve("pairs.jsonl");
        CliRun annotate = CliRun.of("arena", "annotate", "--tasks", tasks.toString(), "--out", pairs.toString());
        assertEquals(annotate.exitCode(), 2);
        assertTrue(annotate.err().contains(tasks + ":1: temperature_a: expected a number"), annotate.err());
        assertFalse(Files.exists(pairs));
        CliRun validate = CliRun.of("data", "validate", "--kind", "tasks", tasks.toString());
        assertEquals(validate.exitCode(), 1);
        assertTrue(validate.out().contains(tasks + ":1: temperature_a"), validate.out());
    }
}
