/**
 * Scale-out on Apache Spark: the maps over prompts with a model — best-of-K sampling and scoring for rejection
 * sampling — as Spark jobs. Prompts become an RDD partitioned by shard; each executor JVM loads the policy and the
 * reward models once ({@link org.rlhf4j.spark.ExecutorModels}) and runs the batched KV-cache sampler on its shards;
 * each shard file is written atomically (a re-run or a rescheduled task finds it and skips it) and the driver merges
 * them into the same pool file, byte for byte, that the single-process path writes. The master is chosen as for any
 * Spark application ({@link org.rlhf4j.spark.SparkEngine}): embedded {@code local[*]} by default, a standalone
 * {@code spark://host:7077} for a cluster. Training stays on one machine.
 */
package org.rlhf4j.spark;
