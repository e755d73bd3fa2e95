package org.rlhf4j.spark;

import java.io.Serializable;

/**
 * What a {@link ShardTask} sends back to the driver: the pool-file bytes of its prompts (exactly what
 * {@code PoolFile.write} writes for them) and what sampling cost.
 *
 * @param first index of the first prompt
 * @param end index after the last prompt
 * @param temperature the task's temperature
 * @param poolBytes the records as pool-file lines (UTF-8 JSON, one prompt a line)
 * @param samples answers sampled and scored (0 for a shard found finished)
 * @param tokens tokens sampled
 * @param samplingSeconds time in the generator
 * @param scoringSeconds time in the reward models
 * @param reused whether the shard file was found finished and read back
 * @param where which executor and host ran it
 */
public record ShardResult(int first, int end, double temperature, byte[] poolBytes, long samples, long tokens,
                          double samplingSeconds, double scoringSeconds, boolean reused, String where)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
