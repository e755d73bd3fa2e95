package org.rlhf4j.rejectionsampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.PromptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Best-of-K over many prompts in shards: prompts {@code [i·S, (i+1)·S)} (S = shard size, by index in the prompts
 * file) go to shard i, written as one pool file {@code shard-<first>-<end>.jsonl} by temp file + rename. A shard
 * whose file exists is finished and is read back instead of sampled, so a run killed mid-sampling (even by kill
 * -9) loses at most the shard in progress; a finished shard from another run (other prompts, model, reward models,
 * temperature or seed) is an error rather than silently reused. {@link #merge} concatenates the shards in order.
 *
 * <p>Because sample seeds derive from (seed, prompt id, sample index) and shards consist of whole batches, the
 * samples do not depend on the shard size: 1 shard and 3 shards give the same pool, byte for byte. Shards can be
 * sampled by independent processes (a distributed engine's unit of work) and merged.
 */
public final class ShardedSampling {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedSampling.class);

    private ShardedSampling() {}

    /** The file of the shard holding prompts {@code [first, end)}. */
    public static String shardFileName(int first, int end) {
        return String.format("shard-%06d-%06d.jsonl", first, end);
    }

    /**
     * Samples every shard not yet on disk and returns all shards' records in prompt order.
     *
     * @param sampler best-of-K over the policy and reward models
     * @param prompts every prompt, in file order
     * @param temperature sampling temperature
     * @param seed the run seed
     * @param shardSize prompts per shard
     * @param shardsDir where the shard files live (created)
     */
    public static List<PoolRecord> run(BestOfK sampler, List<PromptRecord> prompts, double temperature, long seed,
                                       int shardSize, Path shardsDir) throws IOException {
        Files.createDirectories(shardsDir);
        List<PoolRecord> all = new ArrayList<>(prompts.size());
        int shards = (prompts.size() + shardSize - 1) / shardSize;
        for (int i = 0; i < shards; i++) {
            int first = i * shardSize;
            int end = Math.min(prompts.size(), first + shardSize);
            List<PromptRecord> shardPrompts = prompts.subList(first, end);
            Path file = shardsDir.resolve(shardFileName(first, end));
            List<PoolRecord> records;
            if (Files.isRegularFile(file)) {
                records = readFinished(file, shardPrompts, sampler.provenance().at(temperature, seed));
                LOG.info("shard {}/{} ({}) finished earlier, reused", i + 1, shards, file.getFileName());
            } else {
                long start = System.nanoTime();
                records = sampler.sample(shardPrompts, temperature, seed);
                PoolFile.write(file, records);
                BestOfK.Throughput t = sampler.throughput();
                LOG.info("shard {}/{}: {} prompts in {} s (so far {} samples, {} tokens/s sampling, {} responses/s"
                                + " scoring)", i + 1, shards, shardPrompts.size(),
                        String.format("%.1f", (System.nanoTime() - start) / 1e9), t.samples(),
                        String.format("%.0f", t.tokensPerSecond()), String.format("%.0f", t.responsesPerSecond()));
            }
            all.addAll(records);
        }
        return all;
    }

    /** Writes the records of all shards, in prompt order, as one pool file. */
    public static void merge(List<PoolRecord> records, Path poolFile) throws IOException {
        PoolFile.write(poolFile, records);
    }

    /**
     * Reads a finished shard and checks that it belongs to this run: the same prompts in the same order, each with
     * the expected provenance.
     *
     * @throws IllegalStateException for a shard of another run (other prompts, model, reward models, temperature
     *     or seed)
     */
    public static List<PoolRecord> readFinished(Path file, List<PromptRecord> prompts, SampleProvenance expected)
            throws IOException {
        List<PoolRecord> records = PoolFile.read(file);
        requireSameRun(file, records, prompts, expected);
        return records;
    }

    private static void requireSameRun(Path file, List<PoolRecord> records, List<PromptRecord> prompts,
                                       SampleProvenance expected) {
        boolean same = records.size() == prompts.size();
        for (int i = 0; same && i < records.size(); i++) {
            PoolRecord r = records.get(i);
            same = r.prompt().equals(prompts.get(i)) && r.provenance().equals(expected);
        }
        if (!same) {
            throw new IllegalStateException(file + ": a finished shard of another run (other prompts, model, reward"
                    + " models, temperature or seed); delete the shards directory to sample afresh");
        }
    }
}
