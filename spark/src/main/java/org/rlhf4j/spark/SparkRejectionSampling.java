package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.rejectionsampling.PoolFile;
import org.rlhf4j.rejectionsampling.PoolRecord;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.SampleProvenance;
import org.rlhf4j.rejectionsampling.ShardedSampling;
import org.rlhf4j.rejectionsampling.TemperatureSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of rejection sampling ({@link RejectionSampling#sample}) as Spark jobs: the temperature sweep's validation
 * prompts and then every prompt's best-of-K go out as {@link ShardTask}s (one shard of {@code shard_size} prompts
 * each, the same shards as the single-process path), executors sample and score them ({@link BestOfKJob}), and the
 * driver checks that every prompt came back exactly once, writes the shards it does not see yet and merges them into
 * {@value RejectionSampling#POOL}. The files are the single-process path's, byte for byte, whatever the partition
 * count or the executors: sample seeds derive from (seed, prompt id, sample index) and a shard is made of whole
 * batches. Finished shards and sweep points are reused on a re-run, as there.
 */
public final class SparkRejectionSampling {

    private static final Logger LOG = LoggerFactory.getLogger(SparkRejectionSampling.class);

    private SparkRejectionSampling() {}

    /** {@link #sample(JavaSparkContext, int, Path, Path, Path, Path, RejectionSamplingConfig, Path, long)} on a
     *  context started (and stopped) for this call. */
    public static RejectionSampling.SampleResult sample(SparkEngine engine, Path policyDir, Path helpfulnessRmDir,
                                                        Path safetyRmDir, Path promptsFile,
                                                        RejectionSamplingConfig config, Path outDir, long seed)
            throws IOException {
        List<PromptRecord> prompts = RejectionSampling.readPrompts(promptsFile);
        requireModelDirs(policyDir, helpfulnessRmDir, safetyRmDir);
        try (JavaSparkContext sc = engine.start("rlhf rs sample")) {
            return sample(sc, engine.partitions(), policyDir, helpfulnessRmDir, safetyRmDir, promptsFile, config,
                    outDir, seed);
        }
    }

    /**
     * Temperature sweep and best-of-K over every prompt on {@code sc}, written to {@code outDir} as
     * {@link RejectionSampling#sample} writes them ({@value RejectionSampling#POOL}, {@code shards/},
     * {@code sweep/}).
     *
     * @param partitions tasks per job; 0 = one per shard
     * @throws InputException for a model directory the driver or an executor cannot read
     */
    public static RejectionSampling.SampleResult sample(JavaSparkContext sc, int partitions, Path policyDir,
                                                        Path helpfulnessRmDir, Path safetyRmDir, Path promptsFile,
                                                        RejectionSamplingConfig config, Path outDir, long seed)
            throws IOException {
        List<PromptRecord> prompts = RejectionSampling.readPrompts(promptsFile);
        requireModelDirs(policyDir, helpfulnessRmDir, safetyRmDir);
        Files.createDirectories(outDir);
        SampleProvenance provenance = RejectionSampling.provenance(policyDir, helpfulnessRmDir, safetyRmDir, config,
                seed);
        SamplerSpec spec = SamplerSpec.of(config, provenance);
        List<TemperatureSweep.Curve> curves = List.of();
        double temperature = config.temperatures().get(0);
        if (config.temperatures().size() > 1) {
            List<PromptRecord> validation = prompts.subList(0, Math.min(prompts.size(), config.validationPrompts()));
            LOG.info("temperature sweep over {} on {} validation prompts, K = {} (Spark)", config.temperatures(),
                    validation.size(), config.k());
            curves = sweep(sc, partitions, spec, validation, config, seed, outDir.resolve("sweep"));
            temperature = TemperatureSweep.choose(curves);
            LOG.info("temperature chosen: {}", temperature);
        }
        long start = System.nanoTime();
        LOG.info("best-of-{} over {} prompts at temperature {} (Spark, {} shards)", config.k(), prompts.size(),
                temperature, (prompts.size() + config.shardSize() - 1) / config.shardSize());
        Path shardsDir = outDir.resolve("shards");
        Files.createDirectories(shardsDir);
        List<PoolRecord> pool = new ArrayList<>(prompts.size());
        List<ShardTask> pending = new ArrayList<>();
        Map<Integer, List<PoolRecord>> byFirst = new LinkedHashMap<>();
        SampleProvenance expected = provenance.at(temperature, seed);
        for (int first = 0; first < prompts.size(); first += config.shardSize()) {
            int end = Math.min(prompts.size(), first + config.shardSize());
            Path file = shardsDir.resolve(ShardedSampling.shardFileName(first, end));
            if (Files.isRegularFile(file)) {
                byFirst.put(first, ShardedSampling.readFinished(file, prompts.subList(first, end), expected));
            } else {
                pending.add(ShardTask.of(first, prompts.subList(first, end), temperature, seed,
                        file.toAbsolutePath().toString(), spec));
            }
        }
        if (!byFirst.isEmpty()) {
            LOG.info("{} shards finished earlier, reused", byFirst.size());
        }
        Totals totals = new Totals();
        for (ShardResult r : run(sc, partitions, pending)) {
            List<PromptRecord> shardPrompts = prompts.subList(r.first(), r.end());
            Path file = shardsDir.resolve(ShardedSampling.shardFileName(r.first(), r.end()));
            List<PoolRecord> records = PoolFile.decode(file + " (from " + r.where() + ")", r.poolBytes());
            requireSame(file, records, shardPrompts, expected);
            if (!Files.isRegularFile(file)) { // an executor without the driver's file system
                AtomicFile.write(file, o -> o.write(r.poolBytes()));
            }
            if (byFirst.put(r.first(), records) != null) {
                throw new IllegalStateException(file + ": came back twice from the Spark job");
            }
            totals.add(r);
        }
        for (int first = 0; first < prompts.size(); first += config.shardSize()) {
            List<PoolRecord> records = byFirst.get(first);
            if (records == null) {
                throw new IllegalStateException("shard at prompt " + first + " did not come back from the Spark job");
            }
            pool.addAll(records);
        }
        ShardedSampling.merge(pool, outDir.resolve(RejectionSampling.POOL));
        double wall = (System.nanoTime() - start) / 1e9;
        RejectionSampling.SampleResult result = new RejectionSampling.SampleResult(temperature, curves,
                prompts.size(), totals.samples, totals.tokens, wall,
                totals.samplingSeconds > 0 ? totals.tokens / totals.samplingSeconds : 0,
                totals.scoringSeconds > 0 ? totals.samples / totals.scoringSeconds : 0);
        LOG.info("best-of-{}: {} prompts, {} samples, {} tokens in {} s on Spark ({} tokens/s sampling per task,"
                        + " {} responses/s scoring)", config.k(), prompts.size(), totals.samples, totals.tokens,
                String.format("%.1f", wall), String.format("%.0f", result.tokensPerSecond()),
                String.format("%.0f", result.responsesPerSecond()));
        return result;
    }

    /** The sweep's curves: every temperature's validation samples made in one job (reusing finished ones). */
    private static List<TemperatureSweep.Curve> sweep(JavaSparkContext sc, int partitions, SamplerSpec spec,
                                                      List<PromptRecord> validation, RejectionSamplingConfig config,
                                                      long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        SampleProvenance provenance = spec.provenance();
        Map<Double, List<PoolRecord>> byTemperature = new LinkedHashMap<>();
        List<ShardTask> pending = new ArrayList<>();
        for (double t : config.temperatures()) {
            Path file = dir.resolve(TemperatureSweep.poolFileName(t));
            if (Files.isRegularFile(file)) {
                List<PoolRecord> records = PoolFile.read(file);
                requireSame(file, records, validation, provenance.at(t, seed));
                byTemperature.put(t, records);
            } else {
                for (int first = 0; first < validation.size(); first += config.shardSize()) {
                    int end = Math.min(validation.size(), first + config.shardSize());
                    pending.add(ShardTask.of(first, validation.subList(first, end), t, seed, null, spec));
                }
            }
        }
        List<ShardResult> results = new ArrayList<>(run(sc, partitions, pending));
        results.sort(Comparator.comparingInt(ShardResult::first));
        for (double t : config.temperatures()) {
            if (byTemperature.containsKey(t)) {
                continue;
            }
            Path file = dir.resolve(TemperatureSweep.poolFileName(t));
            List<PoolRecord> records = new ArrayList<>(validation.size());
            for (ShardResult r : results) {
                if (r.temperature() == t) {
                    records.addAll(PoolFile.decode(file + " (from " + r.where() + ")", r.poolBytes()));
                }
            }
            requireSame(file, records, validation, provenance.at(t, seed));
            PoolFile.write(file, records);
            byTemperature.put(t, records);
        }
        List<TemperatureSweep.Curve> curves = new ArrayList<>();
        for (double t : config.temperatures()) {
            TemperatureSweep.Curve c = TemperatureSweep.curve(t, byTemperature.get(t));
            curves.add(c);
            LOG.info("temperature {}: expected max reward of {} samples {}", t, c.expectedMax().length,
                    String.format("%.4f", c.maxAtK()));
        }
        TemperatureSweep.writeCsv(dir.resolve(TemperatureSweep.CSV), curves);
        TemperatureSweep.writePlot(dir.resolve(TemperatureSweep.PNG), curves);
        return curves;
    }

    /** Runs the tasks, {@code partitions} at a time (0: one task each), and collects their results. */
    static List<ShardResult> run(JavaSparkContext sc, int partitions, List<ShardTask> tasks) {
        return SparkEngine.runTasks(sc, partitions, tasks, new BestOfKJob());
    }

    /** The driver's own check: every model directory exists here (executors check their copies). */
    static void requireModelDirs(Path... dirs) {
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new InputException(d, "no such model directory");
            }
        }
    }

    private static void requireSame(Path file, List<PoolRecord> records, List<PromptRecord> prompts,
                                    SampleProvenance expected) {
        boolean same = records.size() == prompts.size();
        for (int i = 0; same && i < records.size(); i++) {
            same = records.get(i).prompt().equals(prompts.get(i)) && records.get(i).provenance().equals(expected);
        }
        if (!same) {
            throw new IllegalStateException(file + ": samples of another run (other prompts, model, reward models,"
                    + " temperature or seed); delete it to sample afresh");
        }
    }

    private static final class Totals {
        long samples;
        long tokens;
        double samplingSeconds;
        double scoringSeconds;

        void add(ShardResult r) {
            samples += r.samples();
            tokens += r.tokens();
            samplingSeconds += r.samplingSeconds();
            scoringSeconds += r.scoringSeconds();
        }
    }
}
