package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.arena.TaskAnnotator;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class PreferenceBatchTest {

    private Path arena;
    private Path modelDir;
    private Path prompts;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("pref-arena");
        ArenaGenerator.generate(ChatSamplerTest.SMALL, 3L, arena);
        prompts = arena.resolve("prompts/train.jsonl");
        modelDir = Files.createTempDirectory("pref-model");
        try (NDManager manager = NDManager.newBaseManager();
                LlamaTokenizer tokenizer = LlamaTokenizer.open(arena.resolve("tokenizer.json"));
                LlamaModel model = LlamaModel.initialized(manager,
                        LlamaConfig.preset("tiny").withVocabSize(tokenizer.vocabSize()), HeadKind.CAUSAL_LM, 7)) {
            model.save(modelDir);
        }
        Files.copy(arena.resolve("tokenizer.json"), modelDir.resolve(ChatSampler.TOKENIZER_FILE));
    }

    private PreferenceSamplingConfig config(int maxPrompts) {
        return new PreferenceSamplingConfig(List.of(new SamplingVariant(modelDir, "sft", 0.7),
                new SamplingVariant(modelDir, "sft", 1.0), new SamplingVariant(modelDir, "sft-hot", 1.5)), 1.0, 6, 8,
                maxPrompts, "b1");
    }

    @Test
    public void aBatchIsTasksAndTheirPairsAndIsAFunctionOfTheSeed() throws Exception {
        Path out = Files.createTempDirectory("batch");
        PreferenceBatch.Result r = PreferenceBatch.collect(prompts, config(20), ArenaConfig.defaults(), 11, out);
        List<ComparisonTask> tasks = JsonlReader.readAll(r.tasks(), RecordKind.TASKS);
        assertEquals(tasks.size(), 20);
        List<PromptRecord> all = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
        List<String> order = new ArrayList<>();
        all.forEach(p -> order.add("b1-" + p.id()));
        int last = -1;
        Set<String> variantsSeen = new HashSet<>();
        for (ComparisonTask t : tasks) {
            int at = order.indexOf(t.id());
            assertTrue(at > last, "tasks keep file order: " + t.id());
            last = at;
            PromptRecord p = all.get(at);
            assertEquals(t.prompt(), p.messages());
            assertEquals(t.isSafety(), p.isSafety());
            assertEquals(t.category(), p.category());
            String a = t.modelA() + "@" + t.temperatureA();
            String b = t.modelB() + "@" + t.temperatureB();
            assertNotEquals(a, b, "two different variants");
            variantsSeen.add(a);
            variantsSeen.add(b);
        }
        assertEquals(variantsSeen, Set.of("sft@0.7", "sft@1.0", "sft-hot@1.5"));

        List<PreferencePair> pairs = JsonlReader.readAll(r.preferences(), RecordKind.PREFERENCES);
        TaskAnnotator.Result annotation = r.annotation();
        assertEquals(pairs, annotation.pairs());
        assertEquals(annotation.helpfulnessPairs() + annotation.identical(), 20);
        // safety prompts and borderline ones (labelled both safe) go to the safety annotators
        long safetyTasks = tasks.stream().filter(t -> (t.isSafety() || "borderline".equals(t.category()))
                && !t.responseA().equals(t.responseB())).count();
        assertEquals(annotation.safetyPairs() + annotation.dropped(), safetyTasks);
        assertEquals(pairs.stream().filter(p -> p.axis() == Axis.SAFETY).count(), annotation.safetyPairs());
        assertEquals(r.manifest().metrics().get("tasks"), 20);
        assertTrue(r.manifest().files().containsKey(PreferenceBatch.PREFERENCES_FILE));

        // same seed, same bytes; the annotate command's path gives the same pairs from the tasks file
        Path again = Files.createTempDirectory("batch");
        PreferenceBatch.collect(prompts, config(20), ArenaConfig.defaults(), 11, again);
        assertEquals(Files.readAllBytes(again.resolve(PreferenceBatch.TASKS_FILE)), Files.readAllBytes(r.tasks()));
        assertEquals(Files.readAllBytes(again.resolve(PreferenceBatch.PREFERENCES_FILE)),
                Files.readAllBytes(r.preferences()));
        Path relabelled = Files.createTempDirectory("pairs").resolve("p.jsonl");
        PreferenceBatch.annotate(r.tasks(), ArenaConfig.defaults(), PreferenceBatch.annotationSeed(11), relabelled);
        assertEquals(Files.readAllBytes(relabelled), Files.readAllBytes(r.preferences()));

        List<ComparisonTask> other = PreferenceSampler.sample(JsonlReader.readAll(prompts, RecordKind.PROMPTS),
                config(20), 12);
        assertNotEquals(other, tasks);
    }

    @Test
    public void eachModelDirectoryIsOpenedOnceAndSubsetsKeepFileOrder() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        List<PromptRecord> all = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
        List<ComparisonTask> tasks = PreferenceSampler.sample(all.subList(0, 5), config(0), 1, dir -> {
            opens.incrementAndGet();
            return ChatSampler.open(dir);
        });
        assertEquals(opens.get(), 1);
        assertEquals(tasks.size(), 5);
        List<PromptRecord> subset = PreferenceSampler.subset(all, 7, new SplittableRandom(2));
        assertEquals(subset.size(), 7);
        assertTrue(all.containsAll(subset));
        for (int i = 1; i < subset.size(); i++) {
            assertTrue(all.indexOf(subset.get(i)) > all.indexOf(subset.get(i - 1)));
        }
        assertEquals(PreferenceSampler.subset(all, 7, new SplittableRandom(2)), subset);
    }

    @Test
    public void configAndVariantErrorsAreClear() {
        expectThrows(IllegalArgumentException.class, () -> PreferenceSamplingConfig.of(
                List.of(SamplingVariant.of(modelDir, 0.7))));
        IllegalArgumentException twice = expectThrows(IllegalArgumentException.class,
                () -> PreferenceSamplingConfig.of(List.of(SamplingVariant.of(modelDir, 0.7),
                        SamplingVariant.of(modelDir, 0.7))));
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
        assertEquals(SamplingVariant.parse("runs/sft@0.7"), SamplingVariant.of(Path.of("runs/sft"), 0.7));
        IllegalArgumentException bad = expectThrows(IllegalArgumentException.class,
                () -> SamplingVariant.parse("runs/sft@warm"));
        assertTrue(bad.getMessage().contains("'warm' is not a number"), bad.getMessage());
        expectThrows(IllegalArgumentException.class, () -> SamplingVariant.parse("runs/sft"));
        expectThrows(IllegalArgumentException.class, () -> SamplingVariant.parse("runs/sft@-1"));
        PreferenceSamplingConfig demo = PreferenceSamplingConfig.demo(modelDir, "batch-2");
        assertEquals(demo.variants(), List.of(SamplingVariant.of(modelDir, 1.0), SamplingVariant.of(modelDir, 1.4)));
        assertEquals(demo.maxPrompts(), 600);
        assertEquals(demo.batch(), "batch-2");
    }
}
