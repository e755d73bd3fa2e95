package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * {@code rlhf judge}, {@code rlhf preferences sample} and {@code rlhf reward score} with {@code --engine spark}: the
 * same files, byte for byte, and the same printed numbers as the default engine.
 */
public class SparkEngineCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SPARK = {"--engine", "spark", "--master", "local[2]", "--partitions", "2"};

    private Path arena;
    private Path prompts;
    private Path policy;
    private Path other;
    private Path rm;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("spark-cmd-arena");
        ArenaGenerator.generate(new ArenaConfig(40, 8, 4, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 4, 2, 20_000,
                300), 3, arena);
        prompts = arena.resolve("prompts/train.jsonl");
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(arena.resolve("tokenizer.json"))) {
            vocab = t.vocabSize();
        }
        policy = arena.resolve("policy");
        other = arena.resolve("other");
        for (Object[] m : new Object[][] {{policy, 11L}, {other, 12L}}) {
            try (NDManager manager = NDManager.newBaseManager();
                 LlamaModel model = LlamaModel.initialized(manager, LlamaConfig.preset("tiny").withVocabSize(vocab),
                         HeadKind.CAUSAL_LM, (Long) m[1])) {
                model.save((Path) m[0]);
            }
            Files.copy(arena.resolve("tokenizer.json"), ((Path) m[0]).resolve("tokenizer.json"));
        }
        rm = arena.resolve("rm");
        RewardModelInit.write(policy, rm, 1);
    }

    private static CliRun run(List<String> args, String... engine) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(engine));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(r.exitCode(), 0, r.err());
        return r;
    }

    private static void assertSameBytes(Path a, Path b) throws Exception {
        assertTrue(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), a + " and " + b + " differ");
    }

    private static ObjectNode lastJson(CliRun r) throws Exception {
        String[] lines = r.out().strip().split("\n");
        return (ObjectNode) JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    public void judgeWithSparkWritesTheSameAnswersAndPrintsTheSameNumbers() throws Exception {
        Path dir = Files.createTempDirectory("spark-cmd-judge");
        List<String> args = List.of("judge", "--model", policy.toString(), "--against", other.toString(), "--prompts",
                prompts.toString(), "--limit", "14", "--max-new-tokens", "6", "--batch-size", "4", "--temperature",
                "1", "--seed", "3");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", dir.resolve("local.jsonl").toString()));
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--out", dir.resolve("spark.jsonl").toString()));
        CliRun one = run(local);
        CliRun two = run(spark, SPARK);
        assertSameBytes(dir.resolve("local.jsonl"), dir.resolve("spark.jsonl"));
        assertEquals(Files.readAllLines(dir.resolve("local.jsonl")).size(), 14);
        // every printed line but the timing: the table, the rates, the win rate against the other model
        List<String> a = new ArrayList<>(Arrays.asList(one.out().strip().split("\n")));
        List<String> b = new ArrayList<>(Arrays.asList(two.out().strip().split("\n")));
        assertEquals(b.size(), a.size(), two.out());
        assertEquals(b.subList(1, b.size() - 1), a.subList(1, a.size() - 1));
        ObjectNode ja = lastJson(one);
        ObjectNode jb = lastJson(two);
        ja.remove("seconds");
        jb.remove("seconds");
        assertEquals(jb, ja);
        assertTrue(ja.has("versus"), ja.toString());
    }

    @Test
    public void preferencesSampleWithSparkWritesTheSameTasksFile() throws Exception {
        Path dir = Files.createTempDirectory("spark-cmd-prefs");
        List<String> args = List.of("preferences", "sample", "--prompts", prompts.toString(), "--variant",
                policy + "@1.0", "--variant", policy + "@1.4", "--variant", other + "@1.0", "--max-prompts", "12",
                "--max-new-tokens", "6", "--batch-size", "3", "--seed", "2");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", dir.resolve("local.jsonl").toString()));
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--out", dir.resolve("spark.jsonl").toString()));
        run(local);
        CliRun two = run(spark, SPARK);
        assertTrue(two.out().contains("wrote 12 comparison tasks"), two.out());
        assertSameBytes(dir.resolve("local.jsonl"), dir.resolve("spark.jsonl"));
    }

    @Test
    public void rewardScoreWithSparkWritesTheSameScoredFileAndNumbers() throws Exception {
        Path dir = Files.createTempDirectory("spark-cmd-score");
        List<PromptRecord> records = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
        List<String> mine = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 40 && i < records.size(); i++) {
            String id = records.get(i).id();
            mine.add(JSON.writeValueAsString(JSON.createObjectNode().put("id", id)
                    .put("response", "The answer is " + "yes ".repeat(i % 5) + i).put("quality", i % 7)));
            theirs.add(JSON.writeValueAsString(JSON.createObjectNode().put("id", id)
                    .put("response", "I think " + (40 - i)).put("quality", i % 3)));
        }
        Files.write(dir.resolve("mine.jsonl"), mine);
        Files.write(dir.resolve("theirs.jsonl"), theirs);
        List<String> args = List.of("reward", "score", "--model", rm.toString(), "--prompts", prompts.toString(),
                "--responses", dir.resolve("mine.jsonl").toString(), "--versus", dir.resolve("theirs.jsonl").toString(),
                "--reference-field", "quality");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--out", dir.resolve("local.jsonl").toString()));
        List<String> spark = new ArrayList<>(args);
        spark.addAll(List.of("--out", dir.resolve("spark.jsonl").toString()));
        CliRun one = run(local);
        CliRun two = run(spark, SPARK);
        assertSameBytes(dir.resolve("local.jsonl"), dir.resolve("spark.jsonl"));
        assertEquals(Files.readAllLines(dir.resolve("spark.jsonl")).size(), mine.size());
        assertEquals(two.out(), one.out());
        assertTrue(lastJson(two).has("rm_judge"), two.out());
    }

    @Test
    public void aMissingModelIsExitOneNamingIt() throws Exception {
        Path missing = arena.resolve("no-such-model");
        Path dir = Files.createTempDirectory("spark-cmd-missing");
        Files.writeString(dir.resolve("r.jsonl"), "{\"id\":\"x\",\"response\":\"y\"}\n");
        List<CliRun> runs = List.of(
                CliRun.of("judge", "--model", missing.toString(), "--prompts", prompts.toString(), "--engine",
                        "spark"),
                CliRun.of("preferences", "sample", "--prompts", prompts.toString(), "--variant", policy + "@1.0",
                        "--variant", missing + "@1.0", "--out", dir.resolve("t.jsonl").toString(), "--engine",
                        "spark"),
                CliRun.of("reward", "score", "--model", missing.toString(), "--prompts", prompts.toString(),
                        "--responses", dir.resolve("r.jsonl").toString(), "--engine", "spark"));
        for (CliRun r : runs) {
            assertEquals(r.exitCode(), 1, r.err());
            assertTrue(r.err().contains(missing.toString()), r.err());
        }
        assertTrue(!Files.exists(dir.resolve("t.jsonl")), "nothing written");
    }
}
