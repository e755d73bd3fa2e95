package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@code rlhf rs sample --engine spark}: the same pool as the default engine; a bad master or model is exit 1. */
public class RsSampleSparkCommandTest {

    private Path arena;
    private Path base;
    private Path config;
    private Path helpfulness;
    private Path safety;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("rs-spark-arena");
        ArenaConfig small = new ArenaConfig(40, 8, 4, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 4, 2, 20_000, 300);
        ArenaGenerator.generate(small, 3, arena);
        Path pretrain = Files.createTempFile("pretrain", ".yaml");
        Files.writeString(pretrain, "sequence_length: 64\ntraining:\n  micro_batch_size: 2\n  progress_bar: false\n");
        base = Files.createTempDirectory("rs-spark-base");
        CliRun pre = CliRun.of("pretrain", "--corpus", arena.resolve("corpus.txt").toString(), "--tokenizer",
                arena.resolve("tokenizer.json").toString(), "--preset", "tiny", "--out", base.toString(),
                "--config", pretrain.toString(), "--max-steps", "2", "--seed", "5");
        assertEquals(pre.exitCode(), 0, pre.err());
        helpfulness = arena.resolve("rm-helpfulness");
        safety = arena.resolve("rm-safety");
        RewardModelInit.write(base, helpfulness, 1);
        RewardModelInit.write(base, safety, 2);
        config = Files.createTempFile("rs", ".yaml");
        Files.writeString(config, String.join("\n", "k: 2", "temperatures: [0.8, 1.2]", "validation_prompts: 4",
                "max_new_tokens: 6", "prompts_per_batch: 4", "shard_size: 8", "fine_tune:", "  max_steps: 2", ""));
    }

    private CliRun sample(Path out, String... engine) {
        List<String> args = new java.util.ArrayList<>(List.of("rs", "sample", "--policy", base.toString(),
                "--helpfulness-rm", helpfulness.toString(), "--safety-rm", safety.toString(), "--prompts",
                arena.resolve("prompts/train.jsonl").toString(), "--out", out.toString(), "--config",
                config.toString(), "--seed", "4"));
        args.addAll(List.of(engine));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    public void sparkEngineWritesTheDefaultEnginesPoolByteForByte() throws Exception {
        Path local = Files.createTempDirectory("rs-spark-local");
        CliRun one = sample(local);
        assertEquals(one.exitCode(), 0, one.err());
        Path spark = Files.createTempDirectory("rs-spark-spark");
        CliRun two = sample(spark, "--engine", "spark", "--master", "local[2]", "--partitions", "2");
        assertEquals(two.exitCode(), 0, two.err());
        assertTrue(two.out().contains("best-of-K over"), two.out());
        assertTrue(Arrays.equals(Files.readAllBytes(local.resolve("pool.jsonl")),
                Files.readAllBytes(spark.resolve("pool.jsonl"))), "the same pool bytes");
        assertTrue(Arrays.equals(Files.readAllBytes(local.resolve("sweep/temperature-sweep.csv")),
                Files.readAllBytes(spark.resolve("sweep/temperature-sweep.csv"))));
    }

    @Test
    public void unreachableMasterAndMissingModelAreExitOneNamingThem() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + port;
        CliRun down = sample(Files.createTempDirectory("rs-spark-down"), "--engine", "spark", "--master", master,
                "--master-timeout", "2");
        assertEquals(down.exitCode(), 1, down.err());
        assertTrue(down.err().contains(master) && down.err().contains("no Spark master answers"), down.err());

        Path missing = arena.resolve("no-such-rm");
        CliRun noModel = CliRun.of("rs", "sample", "--policy", base.toString(), "--helpfulness-rm",
                missing.toString(), "--safety-rm", safety.toString(), "--prompts",
                arena.resolve("prompts/train.jsonl").toString(), "--out",
                Files.createTempDirectory("rs-spark-nomodel").toString(), "--engine", "spark");
        assertEquals(noModel.exitCode(), 1, noModel.err());
        assertTrue(noModel.err().contains(missing.toString()), noModel.err());
    }
}
