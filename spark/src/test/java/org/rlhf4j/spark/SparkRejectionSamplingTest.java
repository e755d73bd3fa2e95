package org.rlhf4j.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.rejectionsampling.PoolFile;
import org.rlhf4j.rejectionsampling.PoolRecord;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.SampleProvenance;
import org.rlhf4j.rejectionsampling.ShardedSampling;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Embedded {@code local[2]} Spark against the single-process path, resumption and bad input. */
public class SparkRejectionSamplingTest {

    private TinyModels tiny;
    private RejectionSamplingConfig config;
    private Path reference;
    private JavaSparkContext sc;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyModels.create(15);
        config = TinyModels.config(List.of(0.8, 1.5), 10, 3);
        reference = Files.createTempDirectory("spark-reference");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, reference, 5);
        sc = SparkEngine.of("local[2]").start("spark test");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    public void localTwoGivesTheSingleProcessFilesByteForByteWhateverThePartitions() throws Exception {
        int loadsBefore = ExecutorModels.loads();
        for (int partitions : new int[] {0, 1, 2}) {
            Path out = Files.createTempDirectory("spark-local-" + partitions);
            RejectionSampling.SampleResult r = SparkRejectionSampling.sample(sc, partitions, tiny.policy,
                    tiny.helpfulness, tiny.safety, tiny.prompts, config, out, 5);
            SameFiles.assertSame(reference, out);
            assertEquals(r.prompts(), 15);
            assertEquals(r.samples(), 15 * 4);
            assertTrue(r.tokensPerSecond() > 0);
            assertEquals(r.sweep().size(), 2);
        }
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "one load of the models per JVM, not per task");
        List<PoolRecord> pool = PoolFile.read(reference.resolve(RejectionSampling.POOL));
        assertEquals(pool.size(), 15);
        for (int i = 0; i < pool.size(); i++) {
            assertEquals(pool.get(i).prompt().id(), "p" + i);
        }
    }

    @Test
    public void rerunReusesFinishedShardsAndSamplesOnlyTheMissingOne() throws Exception {
        Path out = Files.createTempDirectory("spark-resume");
        SparkRejectionSampling.sample(sc, 0, tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, out,
                5);
        Path shard = out.resolve("shards").resolve(ShardedSampling.shardFileName(6, 9));
        Path kept = out.resolve("shards").resolve(ShardedSampling.shardFileName(0, 3));
        long keptTime = Files.getLastModifiedTime(kept).toMillis();
        Files.delete(shard);
        Files.delete(out.resolve(RejectionSampling.POOL));
        Files.writeString(out.resolve("shards").resolve(".shard-000006-000009.jsonl.123.tmp"), "{\"prompt\":");
        RejectionSampling.SampleResult r = SparkRejectionSampling.sample(sc, 0, tiny.policy, tiny.helpfulness,
                tiny.safety, tiny.prompts, config, out, 5);
        assertEquals(r.samples(), 3 * 4, "only the missing shard is sampled");
        assertEquals(Files.getLastModifiedTime(kept).toMillis(), keptTime);
        Files.delete(out.resolve("shards").resolve(".shard-000006-000009.jsonl.123.tmp"));
        SameFiles.assertSame(reference, out);
        // Another seed over the same directory: the finished shards are refused, not silently reused.
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> SparkRejectionSampling.sample(sc,
                0, tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, out, 6));
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
    }

    @Test
    public void anotherSeedGivesOtherSamples() throws Exception {
        Path out = Files.createTempDirectory("spark-seed");
        SparkRejectionSampling.sample(sc, 0, tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts,
                config.withTemperatures(List.of(1.0)), out, 6);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve(RejectionSampling.POOL)),
                Files.readAllBytes(reference.resolve(RejectionSampling.POOL))));
    }

    @Test
    public void modelDirectoryMissingOnTheDriverIsNamed() throws Exception {
        Path missing = tiny.dir.resolve("no-such-model");
        InputException e = expectThrows(InputException.class, () -> SparkRejectionSampling.sample(sc, 0, missing,
                tiny.helpfulness, tiny.safety, tiny.prompts, config, Files.createTempDirectory("spark-bad"), 5));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    public void modelDirectoryAnExecutorCannotReadFailsTheJobNamingIt() throws Exception {
        // A spec as the driver would send it, but naming a directory this executor does not have.
        Path missing = tiny.dir.resolve("only-on-the-driver");
        SampleProvenance p = RejectionSampling.provenance(tiny.policy, tiny.helpfulness, tiny.safety, config, 5);
        SampleProvenance elsewhere = new SampleProvenance(missing.toString(), p.modelSha256(), 0, 5,
                p.maxNewTokens(), p.helpfulnessModel(), p.safetyModel(), p.rewardModelsSha256(), p.rewardFunction());
        SamplerSpec spec = SamplerSpec.of(config, elsewhere);
        List<ShardTask> tasks = List.of(ShardTask.of(0, RejectionSampling.readPrompts(tiny.prompts).subList(0, 3),
                1.0, 5, null, spec));
        long start = System.nanoTime();
        InputException e = expectThrows(InputException.class, () -> SparkRejectionSampling.run(sc, 0, tasks));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such model directory"),
                e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "fails fast");
        // A weights file that differs from the driver's is refused too.
        SampleProvenance otherWeights = new SampleProvenance(p.model(), "0".repeat(64), 0, 5, p.maxNewTokens(),
                p.helpfulnessModel(), p.safetyModel(), p.rewardModelsSha256(), p.rewardFunction());
        List<ShardTask> other = List.of(ShardTask.of(0, RejectionSampling.readPrompts(tiny.prompts).subList(0, 3),
                1.0, 5, null, SamplerSpec.of(config, otherWeights)));
        InputException d = expectThrows(InputException.class, () -> SparkRejectionSampling.run(sc, 0, other));
        assertTrue(d.getMessage().contains("differs") && d.getMessage().contains("model.safetensors"),
                d.getMessage());
    }

    @Test
    public void unreachableMasterFailsFastNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        long start = System.nanoTime();
        InputException e = expectThrows(InputException.class, () -> SparkEngine.of(master)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).start("unreachable"));
        assertTrue(e.getMessage().contains(master) && e.getMessage().contains("no Spark master answers"),
                e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "fails fast");
        InputException bad = expectThrows(InputException.class, () -> SparkEngine.of("spark://host:port")
                .start("bad"));
        assertTrue(bad.getMessage().contains("host:port"), bad.getMessage());
    }
}
