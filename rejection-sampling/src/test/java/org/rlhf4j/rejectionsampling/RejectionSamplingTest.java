package org.rlhf4j.rejectionsampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.rewardmodel.RewardModels;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class RejectionSamplingTest {

    private TinyStage tiny;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyStage.create(320);
    }

    @Test
    public void oneShardAndThreeShardsGiveByteIdenticalSamples() throws Exception {
        RejectionSamplingConfig config = TinyStage.config(9).withTemperatures(List.of(1.0));
        Path one = Files.createTempDirectory("rs-1shard");
        Path three = Files.createTempDirectory("rs-3shards");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, one, 5);
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config.withShardSize(3),
                three, 5);
        try (Stream<Path> shards = Files.list(three.resolve("shards"))) {
            assertEquals(shards.count(), 3);
        }
        byte[] a = Files.readAllBytes(one.resolve(RejectionSampling.POOL));
        byte[] b = Files.readAllBytes(three.resolve(RejectionSampling.POOL));
        assertTrue(Arrays.equals(a, b), "1 shard and 3 shards must give the same pool bytes");
        List<PoolRecord> pool = PoolFile.read(one.resolve(RejectionSampling.POOL));
        assertEquals(pool.size(), 9);
        for (PoolRecord r : pool) {
            assertEquals(r.samples().size(), 4);
            assertEquals(r.provenance().temperature(), 1.0);
            assertEquals(r.provenance().seed(), 5);
            assertEquals(r.provenance().rewardFunction(), "GATED");
            for (ScoredSample s : r.samples()) {
                assertEquals(s.seed(), SampleSeeds.of(5, r.prompt().id(), s.index()));
                double expected = RewardFunction.GATED.reward(s.helpfulness(), s.safety(), r.prompt().isSafety());
                assertEquals(s.reward(), (float) expected);
            }
        }
        Path otherSeed = Files.createTempDirectory("rs-seed6");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, otherSeed, 6);
        assertFalse(Arrays.equals(a, Files.readAllBytes(otherSeed.resolve(RejectionSampling.POOL))));
    }

    @Test
    public void killedRunResumesFromFinishedShardsToTheSameResult() throws Exception {
        RejectionSamplingConfig config = TinyStage.config(3).withTemperatures(List.of(1.0));
        Path straight = Files.createTempDirectory("rs-straight");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, straight, 9);
        // What kill -9 during the third shard leaves: two finished shards, a half-written temp file, no pool.
        Path killed = Files.createTempDirectory("rs-killed");
        Files.createDirectories(killed.resolve("shards"));
        for (String name : List.of(ShardedSampling.shardFileName(0, 3), ShardedSampling.shardFileName(3, 6))) {
            Files.copy(straight.resolve("shards").resolve(name), killed.resolve("shards").resolve(name));
        }
        Files.writeString(killed.resolve("shards").resolve(".shard-000006-000009.jsonl.tmp123"), "{\"prompt\":");
        Path reused = killed.resolve("shards").resolve(ShardedSampling.shardFileName(0, 3));
        long before = Files.getLastModifiedTime(reused).toMillis();
        RejectionSampling.SampleResult resumed = RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety,
                tiny.prompts, config, killed, 9);
        assertEquals(resumed.samples(), 3 * 4, "only the unfinished shard is sampled again");
        assertEquals(Files.getLastModifiedTime(reused).toMillis(), before);
        assertTrue(Arrays.equals(Files.readAllBytes(straight.resolve(RejectionSampling.POOL)),
                Files.readAllBytes(killed.resolve(RejectionSampling.POOL))));
        // A finished shard of another run is refused, not silently reused.
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> RejectionSampling.sample(
                tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, killed, 10));
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
    }

    @Test
    public void iterationSelectsTheBestSampleAndFineTunesFromSft() throws Exception {
        Path out = Files.createTempDirectory("rs-run");
        RejectionSampling.Result result = RejectionSampling.run(new RejectionSampling.Inputs(tiny.policy,
                tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, List.of(), TinyStage.config(3), out, 1,
                false));
        assertTrue(List.of(0.8, 1.5).contains(result.sampling().temperature()));
        // The sweep: 2 temperatures × K rows; E[max] never falls with N; the chosen T has the highest max at K.
        List<String> csv = Files.readAllLines(out.resolve("sweep").resolve(TemperatureSweep.CSV));
        assertEquals(csv.size(), 1 + 2 * 4);
        assertTrue(Files.size(out.resolve("sweep").resolve(TemperatureSweep.PNG)) > 1000);
        TemperatureSweep.Curve chosen = null;
        for (TemperatureSweep.Curve c : result.sampling().sweep()) {
            for (int n = 1; n < c.expectedMax().length; n++) {
                assertTrue(c.expectedMax()[n] >= c.expectedMax()[n - 1] - 1e-9);
            }
            if (c.temperature() == result.sampling().temperature()) {
                chosen = c;
            }
        }
        for (TemperatureSweep.Curve c : result.sampling().sweep()) {
            assertTrue(chosen.maxAtK() >= c.maxAtK());
        }
        // Each selection is the highest-reward usable sample of its prompt, with provenance in its tags.
        List<PoolRecord> pool = PoolFile.read(out.resolve(RejectionSampling.POOL));
        List<Dialog> selections = JsonlReader.readAll(out.resolve(RejectionSampling.SELECTIONS), RecordKind.DIALOGS);
        Map<String, PoolRecord> byId = new LinkedHashMap<>();
        pool.forEach(r -> byId.put(r.prompt().id(), r));
        double sumBest = 0;
        for (Dialog d : selections) {
            PoolRecord r = byId.get(d.id());
            float max = Float.NEGATIVE_INFINITY;
            for (ScoredSample s : r.samples()) {
                if (BestOfK.canBeDemonstration(s.text())) {
                    max = Math.max(max, s.reward());
                }
            }
            assertEquals(Float.parseFloat(d.tags().get("reward")), max, 1e-5);
            ScoredSample chosenSample = r.samples().get(Integer.parseInt(d.tags().get("sample_index")));
            assertEquals(d.messages().get(d.messages().size() - 1).content(), chosenSample.text());
            assertEquals(d.tags().get("temperature"), String.valueOf(result.sampling().temperature()));
            assertEquals(d.tags().get("model"), tiny.policy.toString());
            assertEquals(d.tags().get("pool"), "current");
            sumBest += max;
        }
        assertEquals(result.selection().meanBestReward(), sumBest / selections.size(), 1e-5);
        assertTrue(result.selection().meanBestReward() > result.selection().meanCurrentReward(),
                "the best of K beats a random sample on average");
        // Fine-tuned from SFT for the configured constant number of steps.
        assertEquals(result.fineTune().training().steps(), 2);
        assertTrue(Files.isRegularFile(out.resolve(RejectionSampling.MODEL).resolve("model.safetensors")));
        Manifest manifest = Manifest.read(out);
        assertEquals(manifest.kind(), RejectionSampling.KIND);
        assertEquals(((Number) manifest.metrics().get("temperature")).doubleValue(), result.sampling().temperature());
        assertTrue(((Number) manifest.metrics().get("sampling_tokens_per_second")).doubleValue() > 0);
    }

    @Test
    public void earlierPoolsCompeteRescoredOrWithStoredScores() throws Exception {
        RejectionSamplingConfig config = TinyStage.config(9).withTemperatures(List.of(1.0));
        Path v1 = Files.createTempDirectory("rs-v1");
        Path v2 = Files.createTempDirectory("rs-v2");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, v1, 21);
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, v2, 22);
        // The earlier pool claims a huge stored reward for sample 0 of every prompt.
        List<PoolRecord> inflated = new ArrayList<>();
        for (PoolRecord r : PoolFile.read(v1.resolve(RejectionSampling.POOL))) {
            List<ScoredSample> samples = new ArrayList<>(r.samples());
            ScoredSample s = samples.get(0);
            samples.set(0, s.withScores(s.helpfulness(), s.safety(), 1e6f));
            inflated.add(r.withSamples(samples));
        }
        Path earlier = v1.resolve("inflated.jsonl");
        PoolFile.write(earlier, inflated);
        List<PoolRecord> current = PoolFile.read(v2.resolve(RejectionSampling.POOL));
        Map<String, List<PoolRecord>> earlierPools = Map.of(earlier.toString(), inflated);
        Selection.Result stored = Selection.select(current, earlierPools, PoolPolicy.STORED, null,
                RewardFunction.GATED);
        long usable = inflated.stream().filter(r -> BestOfK.canBeDemonstration(r.samples().get(0).text())).count();
        assertEquals(stored.fromEarlierPools(), usable, "stored scores: the inflated samples win");
        for (Dialog d : stored.dialogs()) {
            if (d.tags().get("pool").equals(earlier.toString())) {
                assertEquals(d.tags().get("sample_index"), "0");
            }
        }
        try (RewardModels rms = RewardModels.open(tiny.helpfulness, tiny.safety)) {
            Selection.Result rescored = Selection.select(current, earlierPools, PoolPolicy.RESCORE, rms,
                    RewardFunction.GATED);
            // Rescored by the same reward models, v1's samples get their true scores back: each prompt's winner is
            // the best of the 2K samples by the true reward.
            List<PoolRecord> v1True = PoolFile.read(v1.resolve(RejectionSampling.POOL));
            for (Dialog d : rescored.dialogs()) {
                float best = Float.NEGATIVE_INFINITY;
                for (List<PoolRecord> pool : List.of(current, v1True)) {
                    for (PoolRecord r : pool) {
                        if (r.prompt().id().equals(d.id())) {
                            for (ScoredSample s : r.samples()) {
                                if (BestOfK.canBeDemonstration(s.text())) {
                                    best = Math.max(best, s.reward());
                                }
                            }
                        }
                    }
                }
                assertEquals(Float.parseFloat(d.tags().get("reward")), best, 1e-4, d.id());
            }
            assertTrue(rescored.fromEarlierPools() < usable);
            assertTrue(rescored.meanBestReward() >= Selection.select(current, Map.of(), PoolPolicy.RESCORE, rms,
                    RewardFunction.GATED).meanBestReward());
        }
    }

    @Test
    public void replayDrawsOnlyFromTheDemonstrationsTheRewardModelsRankHighest() throws Exception {
        // Twelve demonstrations; the third is an IS_SAFETY one (the Safety RM's branch).
        List<Dialog> demos = new ArrayList<>();
        List<PromptRecord> prompts = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        String[] words = {"Paris", "tac", "7", "apple", "No.", "Lyon", "cat", "8", "pear", "Rome", "Oslo", "fig"};
        for (int i = 0; i < words.length; i++) {
            boolean safety = i == 2;
            Message user = Message.user("Question " + i + "?");
            demos.add(new Dialog("d" + i, List.of(user, Message.assistant("The answer is " + words[i] + ".")),
                    safety ? Map.of("is_safety", "true") : Map.of()));
            prompts.add(new PromptRecord("d" + i, List.of(user), safety, "tiny"));
            answers.add("The answer is " + words[i] + ".");
        }
        Path file = Files.createTempDirectory("rs-replay").resolve("sft.jsonl");
        JsonlWriter.write(file, RecordKind.DIALOGS, demos);
        // The expected eligible set, from the scores directly: the top ceil(0.5 x n) of each branch.
        RewardModels.Scores scores;
        try (RewardModels rms = RewardModels.open(tiny.helpfulness, tiny.safety)) {
            scores = rms.scores(prompts, answers);
        }
        List<Integer> helpfulBranch = new ArrayList<>();
        List<Integer> safetyBranch = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            (RewardFunction.GATED.fromSafety(scores.safety()[i], i == 2) ? safetyBranch : helpfulBranch).add(i);
        }
        Set<String> expected = new HashSet<>();
        for (List<Integer> branch : List.of(helpfulBranch, safetyBranch)) {
            float[] branchScores = new float[branch.size()];
            for (int j = 0; j < branch.size(); j++) {
                int i = branch.get(j);
                branchScores[j] = (float) RewardFunction.GATED.reward(scores.helpfulness()[i], scores.safety()[i],
                        i == 2);
            }
            float[] sorted = branchScores.clone();
            Arrays.sort(sorted);
            float threshold = sorted[sorted.length - (int) Math.ceil(0.5 * sorted.length)];
            for (int j = 0; j < branch.size(); j++) {
                if (branchScores[j] >= threshold) {
                    expected.add("d" + branch.get(j));
                }
            }
        }
        assertEquals(expected.size(), (int) Math.ceil(0.5 * helpfulBranch.size())
                + (int) Math.ceil(0.5 * safetyBranch.size()), "no ties among the tiny RMs' scores");

        RejectionSamplingConfig config = TinyStage.config(9).withReplay(20.0, 0.5);
        List<Dialog> selections = List.of(new Dialog("s0", List.of(Message.user("Hi?"), Message.assistant("Hi.")),
                Map.of()));
        List<Dialog> mixed = RejectionSampling.fineTuneDialogs(selections, file, tiny.helpfulness, tiny.safety,
                config, 3L);
        assertEquals(mixed.get(0), selections.get(0));
        Set<String> replayed = new HashSet<>();
        mixed.subList(1, mixed.size()).forEach(d -> replayed.add(d.id()));
        assertEquals(replayed, expected, "a ratio above the eligible count replays every eligible one, no other");

        // keep 1: every demonstration may be drawn, and the reward models are not needed.
        assertEquals(RejectionSampling.fineTuneDialogs(selections, file, null, null,
                TinyStage.config(9).withReplay(20.0, 1.0), 3L).size(), 1 + words.length);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> RejectionSampling.fineTuneDialogs(selections, file, null, null, config, 3L));
        assertTrue(e.getMessage().contains("sft_replay_keep"), e.getMessage());
    }

    @Test
    public void rewardModelWithAnotherTokenizerIsAClearError() throws Exception {
        TinyStage other = TinyStage.create(300);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> RejectionSampling.sample(
                tiny.policy, other.helpfulness, other.safety, tiny.prompts, TinyStage.config(3),
                Files.createTempDirectory("rs-tok"), 1));
        assertTrue(e.getMessage().contains("tokenizer") && e.getMessage().contains("differs"), e.getMessage());
    }

    @Test
    public void promptsFileWithBadLinesIsAClearError() throws Exception {
        Path bad = Files.createTempDirectory("rs-bad").resolve("prompts.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(tiny.prompts));
        lines.add(2, "{\"id\":\"x\",\"messages\":[],\"is_safety\":false,\"category\":\"c\"}");
        Files.write(bad, lines);
        DataFormatException e = expectThrows(DataFormatException.class, () -> RejectionSampling.sample(tiny.policy,
                tiny.helpfulness, tiny.safety, bad, TinyStage.config(3), bad.getParent().resolve("out"), 1));
        assertTrue(e.getMessage().contains(bad + ":3:"), e.getMessage());
        Path duplicate = bad.getParent().resolve("duplicate.jsonl");
        List<String> twice = new ArrayList<>(Files.readAllLines(tiny.prompts));
        twice.add(twice.get(0));
        Files.write(duplicate, twice);
        IllegalArgumentException d = expectThrows(IllegalArgumentException.class,
                () -> RejectionSampling.readPrompts(duplicate));
        assertTrue(d.getMessage().contains("'p0' appears twice"), d.getMessage());
    }

    @Test
    public void sampleSeedsDependOnSeedPromptAndIndexOnly() {
        assertEquals(SampleSeeds.of(1, "p0", 3), SampleSeeds.of(1, "p0", 3));
        assertNotEquals(SampleSeeds.of(1, "p0", 3), SampleSeeds.of(1, "p0", 4));
        assertNotEquals(SampleSeeds.of(1, "p0", 3), SampleSeeds.of(1, "p1", 3));
        assertNotEquals(SampleSeeds.of(1, "p0", 3), SampleSeeds.of(2, "p0", 3));
    }
}
