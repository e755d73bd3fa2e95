package org.rlhf4j.spark;

import java.io.Serializable;
import java.util.List;
import org.rlhf4j.data.format.PromptRecord;

/**
 * One unit of work of a Spark job: best-of-K over the prompts {@code [first, end)} of a prompts list at one
 * temperature — a shard of the pool ({@code shardFile} set: written there atomically, or read back and checked when
 * it exists) or a chunk of the temperature sweep's validation prompts ({@code shardFile} null). Shards are whole
 * batches, so a sample does not depend on which task or machine made it.
 *
 * @param first index of the first prompt
 * @param end index after the last prompt
 * @param prompts the prompt records as JSON, in order
 * @param temperature sampling temperature
 * @param seed the run seed
 * @param shardFile the shard file's path, or null for a sweep chunk
 * @param spec the models and config to sample with
 */
public record ShardTask(int first, int end, List<String> prompts, double temperature, long seed, String shardFile,
                        SamplerSpec spec) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ShardTask {
        if (first < 0 || end <= first || prompts == null || prompts.size() != end - first || spec == null) {
            throw new IllegalArgumentException("a shard task needs prompts [first, end), end > first, and a spec");
        }
        prompts = List.copyOf(prompts);
    }

    /** A task over {@code records}, prompts {@code [first, first + records.size())}. */
    public static ShardTask of(int first, List<PromptRecord> records, double temperature, long seed,
                               String shardFile, SamplerSpec spec) {
        return new ShardTask(first, first + records.size(), JsonCodec.writeAll(records), temperature, seed, shardFile,
                spec);
    }

    /** The prompt records, read back. */
    public List<PromptRecord> promptRecords() {
        return JsonCodec.readAll(prompts, PromptRecord.class);
    }
}
