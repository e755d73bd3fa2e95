/**
 * Scale-out on Apache Spark: the maps over prompts with a model — best-of-K sampling and scoring for rejection
 * sampling, preference-batch sampling, reward scoring of a responses file and the arena-judge evaluation — as Spark
 * jobs. Prompts (or reward-model rows) become an RDD of tasks, each a unit the single-process path also computes on
 * its own (a shard of whole batches, one decoding batch with its seed, whole reward-model micro-batches); each executor
 * JVM loads a job's {@link org.rlhf4j.spark.ModelSet} once ({@link org.rlhf4j.spark.ExecutorModels}) and runs the
 * batched KV-cache sampler or the reward model on its tasks; the driver checks that every task came back exactly once
 * and writes the same files, byte for byte, that the single-process path writes. Best-of-K's shard files are written
 * atomically (a re-run or a rescheduled task finds them and skips them). The master is chosen as for any Spark
 * application ({@link org.rlhf4j.spark.SparkEngine}): embedded {@code local[*]} by default, a standalone
 * {@code spark://host:7077} for a cluster. Training stays on one machine.
 */
package org.rlhf4j.spark;
