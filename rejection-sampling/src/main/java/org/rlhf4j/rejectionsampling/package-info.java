/**
 * Rejection-sampling fine-tuning (Llama 2 §3.2.3, METHOD.md §5): {@link org.rlhf4j.rejectionsampling.BestOfK}
 * samples K answers per prompt and scores them with the reward models,
 * {@link org.rlhf4j.rejectionsampling.TemperatureSweep} re-tunes the temperature every iteration (expected max
 * reward among N samples by {@link org.rlhf4j.rejectionsampling.OrderStatistics}),
 * {@link org.rlhf4j.rejectionsampling.Selection} keeps the best answer per prompt over the pools of all
 * iterations, and {@link org.rlhf4j.rejectionsampling.RejectionSampling} fine-tunes the SFT model on the
 * selections; {@link org.rlhf4j.rejectionsampling.Distillation} fine-tunes a smaller model on a larger one's
 * selections. Sampling runs in shards ({@link org.rlhf4j.rejectionsampling.ShardedSampling}) whose samples do not
 * depend on the sharding. This module reads and writes files only (prompts, pools, dialogs); it never talks to
 * the arena.
 */
package org.rlhf4j.rejectionsampling;
