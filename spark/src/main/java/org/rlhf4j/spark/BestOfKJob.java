package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.rejectionsampling.BestOfK;
import org.rlhf4j.rejectionsampling.PoolFile;
import org.rlhf4j.rejectionsampling.PoolRecord;
import org.rlhf4j.rejectionsampling.ShardedSampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of best-of-K: for each {@link ShardTask} of a partition, best-of-K with this JVM's models
 * ({@link ExecutorModels}). A pool shard that is already on disk (an earlier run, or an earlier attempt of this task
 * that finished before its executor was lost) is read back and checked instead of sampled again; a new one is
 * written by temp file + rename, so a killed task leaves no partial shard and a rerun writes the same bytes.
 */
public final class BestOfKJob implements FlatMapFunction<Iterator<ShardTask>, ShardResult> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BestOfKJob.class);

    @Override
    public Iterator<ShardResult> call(Iterator<ShardTask> tasks) throws IOException {
        List<ShardResult> out = new ArrayList<>();
        while (tasks.hasNext()) {
            out.add(run(tasks.next()));
        }
        return out.iterator();
    }

    /** Samples (or reads back) one task. */
    static ShardResult run(ShardTask task) throws IOException {
        List<PromptRecord> prompts = task.promptRecords();
        Path shard = task.shardFile() == null ? null : Path.of(task.shardFile());
        if (shard != null && Files.isRegularFile(shard)) {
            ShardedSampling.readFinished(shard, prompts, task.spec().provenance().at(task.temperature(),
                    task.seed()));
            return new ShardResult(task.first(), task.end(), task.temperature(), Files.readAllBytes(shard), 0, 0, 0,
                    0, true, ExecutorModels.where());
        }
        long start = System.nanoTime();
        return ExecutorModels.withSampler(task.spec(), sampler -> {
            List<PoolRecord> records = sampler.sample(prompts, task.temperature(), task.seed());
            byte[] bytes = PoolFile.encode(records);
            if (shard != null) {
                Files.createDirectories(shard.getParent());
                AtomicFile.write(shard, o -> o.write(bytes));
            }
            BestOfK.Throughput t = sampler.throughput();
            String where = ExecutorModels.where();
            LOG.info("{}: prompts [{}, {}) at T={} in {} s ({} tokens/s sampling)", where, task.first(), task.end(),
                    task.temperature(), String.format("%.1f", (System.nanoTime() - start) / 1e9),
                    String.format("%.0f", t.tokensPerSecond()));
            return new ShardResult(task.first(), task.end(), task.temperature(), bytes, t.samples(), t.tokens(),
                    t.samplingSeconds(), t.scoringSeconds(), false, where);
        });
    }
}
