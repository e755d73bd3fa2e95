package org.rlhf4j.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.arena.PromptSet;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.PreferenceSampler;
import org.rlhf4j.eval.PreferenceSamplingConfig;
import org.rlhf4j.eval.SamplingVariant;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rewardmodel.ResponsesFile;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Reward scoring, preference-batch sampling and the arena-judge evaluation on embedded {@code local[2]} Spark against
 * the single-process path: the same files, byte for byte, whatever the partition count.
 */
public class SparkJobsTest {

    private TinyModels tiny;
    private Path otherPolicy;
    private List<PromptRecord> prompts;
    private JavaSparkContext sc;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyModels.create(15);
        otherPolicy = tiny.otherPolicy("sft-other", 8);
        prompts = RejectionSampling.readPrompts(tiny.prompts);
        sc = SparkEngine.of("local[2]").start("spark jobs test");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** 70 responses of many lengths (ties too), line i answering prompt p(i mod 15) under the id r(i)-p(i mod 15). */
    private Path responsesFile() throws Exception {
        String[] words = {"Paris", "tac", "7", "the apple", "I cannot help with that, sorry.", "The capital is Paris."};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            String response = (words[i % words.length] + " ").repeat(1 + i % 4).strip();
            lines.add("{\"id\":\"r" + i + "-p" + (i % 15) + "\",\"response\":\"" + response + "\",\"n\":" + i + "}");
        }
        Path file = Files.createTempFile(tiny.dir, "responses", ".jsonl");
        Files.write(file, lines);
        return file;
    }

    private static List<List<Message>> dialogs(List<PromptRecord> prompts, List<ResponsesFile.Line> lines) {
        List<List<Message>> out = new ArrayList<>();
        for (ResponsesFile.Line l : lines) {
            String promptId = l.id().substring(l.id().indexOf('-') + 1);
            out.add(prompts.stream().filter(p -> p.id().equals(promptId)).findFirst().orElseThrow().messages());
        }
        return out;
    }

    @Test
    public void rewardScoringGivesTheSingleProcessScoresBitForBitWhateverThePartitions() throws Exception {
        Path file = responsesFile();
        List<ResponsesFile.Line> lines = ResponsesFile.read(file);
        List<List<Message>> dialogs = dialogs(prompts, lines);
        List<String> texts = lines.stream().map(ResponsesFile.Line::response).toList();
        float[] reference;
        float[] smallBatches;
        try (RewardModelScorer scorer = RewardModelScorer.open(tiny.helpfulness)) {
            reference = scorer.score(dialogs, texts);
            smallBatches = scorer.withMicroBatchSize(4).score(dialogs, texts);
        }
        Path expected = tiny.dir.resolve("scored-local.jsonl");
        ResponsesFile.writeScored(expected, lines, reference);
        int loadsBefore = ExecutorModels.loads();
        for (int partitions : new int[] {0, 1, 3}) {
            float[] spark = SparkRewardScoring.score(sc, partitions, tiny.helpfulness, dialogs, texts);
            Path actual = tiny.dir.resolve("scored-spark-" + partitions + ".jsonl");
            ResponsesFile.writeScored(actual, lines, spark);
            assertTrue(Arrays.equals(Files.readAllBytes(expected), Files.readAllBytes(actual)),
                    "the scored file of " + partitions + " partitions differs");
            // 18 micro-batches of 4 rows in 5 tasks: each micro-batch is the single-process one
            assertTrue(Arrays.equals(SparkRewardScoring.score(sc, partitions, tiny.helpfulness, dialogs, texts, 4),
                    smallBatches), "micro-batches of 4, " + partitions + " partitions");
        }
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "one load of the reward model per JVM, not per task");
        java.util.Set<Float> distinct = new java.util.HashSet<>();
        for (float f : reference) {
            distinct.add(f);
        }
        assertTrue(distinct.size() > 10, "the scores differ between responses (a shuffled order would show)");
        InputException e = expectThrows(InputException.class, () -> SparkRewardScoring.score(sc, 0,
                tiny.dir.resolve("no-such-rm"), dialogs, texts));
        assertTrue(e.getMessage().contains("no-such-rm"), e.getMessage());
    }

    @Test
    public void preferenceSamplingGivesTheSingleProcessTasksFileWhateverThePartitions() throws Exception {
        PreferenceSamplingConfig config = new PreferenceSamplingConfig(List.of(SamplingVariant.of(tiny.policy, 1.0),
                SamplingVariant.of(tiny.policy, 1.4), SamplingVariant.of(otherPolicy, 1.0)), 1.0, 8, 2, 12,
                "batch-7");
        List<ComparisonTask> reference = PreferenceSampler.sample(prompts, config, 3);
        Path expected = tiny.dir.resolve("tasks-local.jsonl");
        JsonlWriter.write(expected, RecordKind.TASKS, reference);
        assertEquals(reference.size(), 12);
        int loadsBefore = ExecutorModels.loads();
        for (int partitions : new int[] {0, 1, 3}) {
            List<ComparisonTask> spark = SparkPreferenceSampling.sample(sc, partitions, prompts, config, 3);
            Path actual = tiny.dir.resolve("tasks-spark-" + partitions + ".jsonl");
            JsonlWriter.write(actual, RecordKind.TASKS, spark);
            assertTrue(Arrays.equals(Files.readAllBytes(expected), Files.readAllBytes(actual)),
                    "the tasks file of " + partitions + " partitions differs");
        }
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "both chat models loaded once per JVM");
        // Why the Spark tasks must be the single-process batches: answers depend on how a variant's prompts are cut.
        List<ComparisonTask> otherBatches = PreferenceSampler.sample(prompts, new PreferenceSamplingConfig(
                config.variants(), 1.0, 8, 3, 12, "batch-7"), 3);
        assertNotEquals(otherBatches, reference);
    }

    @Test
    public void arenaJudgeEvaluationGivesTheSingleProcessAnswersVerdictsAndReport() throws Exception {
        ArenaConfig small = new ArenaConfig(40, 8, 4, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 4, 2, 20_000,
                300);
        List<PromptRecord> arena = PromptSet.generate(small, 3).train().stream()
                .filter(p -> p.messages().get(0).content().length() < 60).limit(11).toList();
        assertEquals(arena.size(), 11);
        ChatSamplingConfig config = new ChatSamplingConfig(1.0, 1.0, 8, 3);
        List<String> answers;
        List<String> baseline;
        try (ChatSampler a = ChatSampler.open(tiny.policy); ChatSampler b = ChatSampler.open(otherPolicy)) {
            answers = a.answer(arena, config, 9);
            baseline = b.answer(arena, config, 9);
        }
        List<JudgedResponse> judged = ArenaEvaluation.judgeAll(arena, answers, new ArenaJudge());
        Path expected = tiny.dir.resolve("judged-local.jsonl");
        JsonLinesOutput.write(expected, judged);
        for (int partitions : new int[] {0, 2}) {
            SparkArenaEvaluation.Result r = SparkArenaEvaluation.judge(sc, partitions, tiny.policy, otherPolicy,
                    arena, config, 9);
            Path actual = tiny.dir.resolve("judged-spark-" + partitions + ".jsonl");
            JsonLinesOutput.write(actual, r.judged());
            assertTrue(Arrays.equals(Files.readAllBytes(expected), Files.readAllBytes(actual)),
                    "the judged file of " + partitions + " partitions differs");
            assertEquals(r.answers(), answers);
            assertEquals(r.baseline(), baseline);
            assertEquals(ArenaEvaluation.summarise(r.judged()).summary(), ArenaEvaluation.summarise(judged)
                    .summary());
        }
        assertNotEquals(answers, baseline, "two different models answer differently");
        SparkArenaEvaluation.Result alone = SparkArenaEvaluation.judge(sc, 0, tiny.policy, null, arena, config, 9);
        assertEquals(alone.answers(), answers);
        assertEquals(alone.baseline(), null);
        assertFalse(alone.judged().isEmpty());
    }
}
