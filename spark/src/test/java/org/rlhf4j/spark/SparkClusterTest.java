package org.rlhf4j.spark;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.rejectionsampling.PoolFile;
import org.rlhf4j.rejectionsampling.PoolRecord;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A real standalone cluster on this machine — a Master and two one-core Workers as separate JVMs — runs the
 * sampling job; its files equal the single-process path's byte for byte. Then a Worker is killed with SIGKILL in the
 * middle of a job: Spark reruns its tasks on the other Worker and the pool is complete, every prompt exactly once,
 * and again equal to the single-process pool.
 */
public class SparkClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(SparkClusterTest.class);

    private TinyModels tiny;
    private StandaloneCluster cluster;
    private JavaSparkContext sc;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyModels.create(15);
        long start = System.nanoTime();
        cluster = StandaloneCluster.start(2);
        double clusterSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        sc = SparkEngine.of(cluster.masterUrl).withConf(Map.of("spark.executor.memory", "1g")).start("cluster test");
        LOG.info("timing: cluster (master + 2 workers registered) {} s, Spark context with an executor {} s",
                String.format("%.1f", clusterSeconds), String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() {
        if (sc != null) {
            sc.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void clusterGivesTheSingleProcessFilesByteForByte() throws Exception {
        RejectionSamplingConfig config = TinyModels.config(List.of(0.8, 1.5), 10, 3);
        Path reference = Files.createTempDirectory("cluster-reference");
        long start = System.nanoTime();
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, reference, 5);
        double single = (System.nanoTime() - start) / 1e9;
        Path out = Files.createTempDirectory("cluster-out");
        start = System.nanoTime();
        RejectionSampling.SampleResult r = SparkRejectionSampling.sample(sc, 0, tiny.policy, tiny.helpfulness,
                tiny.safety, tiny.prompts, config, out, 5);
        double first = (System.nanoTime() - start) / 1e9;
        SameFiles.assertSame(reference, out);
        assertEquals(r.samples(), 15 * 4);
        Path again = Files.createTempDirectory("cluster-again");
        start = System.nanoTime();
        SparkRejectionSampling.sample(sc, 2, tiny.policy, tiny.helpfulness, tiny.safety, tiny.prompts, config, again,
                5);
        double second = (System.nanoTime() - start) / 1e9;
        SameFiles.assertSame(reference, again);
        LOG.info("timing: 15 prompts x K=4 (sweep of 2 T on 3 prompts): single process {} s, cluster first job {} s"
                        + " (executor model loads included), second {} s", String.format("%.1f", single),
                String.format("%.1f", first), String.format("%.1f", second));
    }

    @Test(dependsOnMethods = "clusterGivesTheSingleProcessFilesByteForByte")
    public void workerKilledMidJobLosesNoPromptAndDuplicatesNone() throws Exception {
        // 48 prompts in 16 shards of 3, 24 new tokens each: long enough for the kill to land mid-job.
        int n = 48;
        Path prompts = tiny.dir.resolve("prompts-48.jsonl");
        tiny.writePrompts(prompts, n);
        RejectionSamplingConfig config = TinyModels.config(List.of(1.0), 24, 3);
        Path reference = Files.createTempDirectory("fault-reference");
        RejectionSampling.sample(tiny.policy, tiny.helpfulness, tiny.safety, prompts, config, reference, 7);
        Path out = Files.createTempDirectory("fault-out");
        Path shards = out.resolve("shards");
        Thread killer = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (countShards(shards) < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                LOG.info("killing worker 0 (SIGKILL) with {} of 16 shards written", countShards(shards));
                cluster.killWorker(0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        killer.start();
        RejectionSampling.SampleResult r = SparkRejectionSampling.sample(sc, 0, tiny.policy, tiny.helpfulness,
                tiny.safety, prompts, config, out, 7);
        killer.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        // A shard the killed executor finished writing before its result reached the driver is read back by the
        // rerun, not sampled again: at most every prompt is sampled once here, in whole shards.
        assertTrue(r.samples() > 0 && r.samples() <= n * 4L && r.samples() % (3 * 4) == 0, "" + r.samples());
        List<PoolRecord> pool = PoolFile.read(out.resolve(RejectionSampling.POOL));
        Set<String> ids = new HashSet<>();
        for (PoolRecord p : pool) {
            assertTrue(ids.add(p.prompt().id()), "duplicated prompt " + p.prompt().id());
        }
        assertEquals(pool.size(), n, "no missing prompt");
        SameFiles.assertSame(reference, out);
        assertTrue(countShards(shards) == 16);
        LOG.info("timing: fault job (48 prompts, 16 shards, worker 0 killed mid-job) {} s",
                String.format("%.1f", seconds));
    }

    private static long countShards(Path shards) throws Exception {
        if (!Files.isDirectory(shards)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(shards)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
