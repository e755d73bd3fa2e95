package org.rlhf4j.rejectionsampling;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.StrictConfigFile;
import org.rlhf4j.training.TrainingConfig;

/**
 * Settings of one rejection-sampling iteration (Llama 2 §3.2.3, METHOD.md §5): sample K answers per prompt at a
 * temperature re-tuned on a validation subset, keep the best by the reward function, fine-tune the SFT model on the
 * kept answers for a constant number of steps.
 *
 * <p>Files ({@link #read}) are JSON or YAML over the defaults; unknown keys are an error naming file, line and key.
 *
 * @param k samples per prompt (the paper leaves K open; its plots use N = 1…100); at least 1
 * @param temperatures the temperatures swept on the validation subset every iteration; the one with the highest
 *     expected maximum reward at K is used for all prompts (the best T drifts as the model is tuned, §3.2.3)
 * @param validationPrompts size of the validation subset the sweep samples: the first this many prompts of the
 *     prompts file (all of them when the file is shorter); ignored when only one temperature is given
 * @param maxNewTokens the most tokens sampled per answer
 * @param promptsPerBatch prompts decoded together; each batch holds promptsPerBatch × K rows
 * @param shardSize prompts per shard file (a re-run skips finished shards, so a kill loses at most one); a
 *     multiple of {@code promptsPerBatch}, so shards are made of whole batches and the samples do not depend on
 *     the shard size
 * @param rewardFunction how the two reward models' scores become one reward: {@code GATED} (default, Llama 2 eq. 4),
 *     {@code HELPFULNESS} or {@code SAFETY}
 * @param poolPolicy how samples of earlier iterations are scored in selection (default {@link PoolPolicy#RESCORE})
 * @param fineTune the SFT run on the selections; {@code max_steps} must be set (a constant number of steps per
 *     iteration, whatever the number of selections)
 * @param sftReplay SFT demonstrations replayed in the fine-tuning, as a multiple of the number of selections
 *     ({@link SftReplay}; the paper fine-tunes on the selections alone: 0, the default); applies when the iteration
 *     is given the demonstrations file
 * @param sftReplayKeep the share of the demonstrations that may be replayed: within each branch of the reward
 *     function, those it rewards highest ({@link org.rlhf4j.rewardmodel.DemonstrationRanking}); 1 (the default)
 *     replays from all of them; the paper does not replay.
 */
public record RejectionSamplingConfig(
        @JsonProperty("k") int k,
        @JsonProperty("temperatures") List<Double> temperatures,
        @JsonProperty("validation_prompts") int validationPrompts,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("prompts_per_batch") int promptsPerBatch,
        @JsonProperty("shard_size") int shardSize,
        @JsonProperty("reward_function") RewardFunction rewardFunction,
        @JsonProperty("pool_policy") PoolPolicy poolPolicy,
        @JsonProperty("fine_tune") SftConfig fineTune,
        @JsonProperty("sft_replay") double sftReplay,
        @JsonProperty("sft_replay_keep") double sftReplayKeep) {

    /** Default K (METHOD.md §5: the paper leaves K open; 8 on CPU). */
    public static final int DEFAULT_K = 8;

    public RejectionSamplingConfig {
        if (k < 1) {
            throw new IllegalArgumentException("k (samples per prompt) must be >= 1, got " + k);
        }
        if (temperatures == null || temperatures.isEmpty()) {
            throw new IllegalArgumentException("temperatures must list at least one temperature");
        }
        for (Double t : temperatures) {
            if (t == null || !(t > 0) || t.isInfinite()) {
                throw new IllegalArgumentException("temperatures must be finite and > 0 (sampling, not greedy), got "
                        + temperatures);
            }
        }
        temperatures = List.copyOf(temperatures);
        if (validationPrompts < 1) {
            throw new IllegalArgumentException("validation_prompts must be >= 1, got " + validationPrompts);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
        }
        if (promptsPerBatch < 1) {
            throw new IllegalArgumentException("prompts_per_batch must be >= 1, got " + promptsPerBatch);
        }
        if (shardSize < 1 || shardSize % promptsPerBatch != 0) {
            throw new IllegalArgumentException("shard_size must be a positive multiple of prompts_per_batch ("
                    + promptsPerBatch + "), got " + shardSize);
        }
        if (rewardFunction == null) {
            throw new IllegalArgumentException("reward_function must be GATED, HELPFULNESS or SAFETY");
        }
        if (poolPolicy == null) {
            throw new IllegalArgumentException("pool_policy must be RESCORE or STORED");
        }
        if (fineTune == null || fineTune.maxSteps() == null) {
            throw new IllegalArgumentException("fine_tune.max_steps must be set: each iteration fine-tunes a constant"
                    + " number of steps");
        }
        if (!(sftReplay >= 0) || Double.isInfinite(sftReplay)) {
            throw new IllegalArgumentException("sft_replay (demonstrations replayed per selection) must be finite and"
                    + " >= 0, got " + sftReplay);
        }
        if (!(sftReplayKeep > 0 && sftReplayKeep <= 1)) {
            throw new IllegalArgumentException("sft_replay_keep (share of the demonstrations that may be replayed)"
                    + " must be in (0, 1], got " + sftReplayKeep);
        }
    }

    /**
     * The paper's shape at scale: K = 8 (unspecified in the paper), temperatures 0.6…1.5 (the best was 1.2–1.3 for
     * the RLHF models, Fig. 8), a 1,000-prompt validation subset, answers up to 1,024 tokens, the gated reward,
     * the pool of all iterations rescored, and the paper's SFT settings for 1,000 updates (the paper does not state
     * the number of steps).
     */
    public static RejectionSamplingConfig llama2() {
        SftConfig sft = SftConfig.llama2();
        return new RejectionSamplingConfig(DEFAULT_K, List.of(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5),
                1000, 1024, 8, 1024, RewardFunction.GATED, PoolPolicy.RESCORE,
                new SftConfig(sft.sequenceLength(), sft.blockDiagonalAttention(), sft.epochs(), 1000, sft.padId(),
                        sft.overflowPolicy(), sft.shuffle(), sft.training()), 0.0, 1.0);
    }

    /**
     * The CPU demo on the arena (~1,500 short training prompts, answers of a few words): K = 8, temperatures 0.5,
     * 0.6 and 0.7 swept on the first 48 prompts, answers up to 48 tokens, 8 prompts (64 rows) a batch, shards of 256
     * prompts, the gated reward, the pool rescored, and {@link SftConfig#demo()}'s fine-tuning for a constant 50
     * updates at a peak LR of 5e-4 (half SFT's: the run starts from the SFT model, on answers close to its own).
     *
     * <p>Why the sweep stops at 0.7: the demo's tiny Helpfulness RM ranks a pair of a correct and a wrong answer
     * to the same prompt right only ≈ 70% of the time, so above 0.7 the maximum of K rewards is won by the rare
     * outlier answers that high temperatures produce — the expected maximum reward keeps rising with T while the
     * answers get worse, and a sweep by expected maximum picks the top of any range. Measured on the seed-1 demo's
     * V1 validation prompts (arena judge, helpfulness of the kept answer against the mean of the 8 samples): 0.94
     * vs 0.97 at T 0.7, 0.78 vs 0.89 at 1.0, 0.54 vs 0.67 at 1.3; V1 fine-tuned on T 1.3 selections won 27% of
     * decided pairs against SFT, on T 0.7 selections 65%. 50 updates instead of 150 won as often (65% vs 66%) with
     * fewer safety violations (the 400 selections are learnt by heart long before 150).
     *
     * <p>Why one SFT demonstration is replayed per selection ({@code sft_replay} 1.0, {@link SftReplay}): the same
     * RM picks the arena judge's better answer only as often as a coin would on many prompts (V5's Helpfulness RM
     * ranked pairs of the V4 model's own samples right 61% of the time; its selections scored 0.542 helpfulness
     * against 0.539 for a random sample), so fine-tuning on the selections alone gains safety and loses skills —
     * V5's answers to the rhyme prompts lost their rhymes (helpfulness 0.90 → 0.20), false refusals rose from 23% to
     * 31%. Fine-tuned for the same 50 updates on the selections plus as many SFT demonstrations, seed 1's V1 won
     * 88% of decided pairs against SFT instead of 76% (helpfulness 0.710 against 0.671), and V5 (from V5's
     * selections) 83% instead of 67% (helpfulness 0.725 against 0.655, violations 1.9% against 1.3%, false
     * refusals 26% against 31%); half as many demonstrations gave V1 80%.
     */
    public static RejectionSamplingConfig demo() {
        SftConfig sft = SftConfig.demo();
        TrainingConfig t = sft.training();
        ScheduleConfig s = t.schedule();
        TrainingConfig training = new TrainingConfig(t.maxSteps(), t.microBatchSize(), t.accumulationSteps(),
                new ScheduleConfig(s.kind(), 5e-4, s.warmupSteps(), s.warmupFraction(), s.minWarmupSteps(),
                        s.floorFraction()), AdamWConfig.llama2(), t.clipNorm(), t.saveEvery(), t.keepCheckpoints(),
                t.logEvery(), t.seed(), t.progressBar());
        return new RejectionSamplingConfig(DEFAULT_K, List.of(0.5, 0.6, 0.7), 48, 48, 8, 256, RewardFunction.GATED,
                PoolPolicy.RESCORE, new SftConfig(sft.sequenceLength(), sft.blockDiagonalAttention(), sft.epochs(),
                        50, sft.padId(), sft.overflowPolicy(), sft.shuffle(), training), 1.0, 0.75);
    }

    /** Reads a JSON or YAML file over {@code defaults} (unknown keys rejected, errors name file, line and key). */
    public static RejectionSamplingConfig read(Path file, RejectionSamplingConfig defaults) throws IOException {
        return StrictConfigFile.read(file, RejectionSamplingConfig.class, defaults);
    }

    /** This config with K replaced (the CLI's {@code --k}). */
    public RejectionSamplingConfig withK(int newK) {
        return new RejectionSamplingConfig(newK, temperatures, validationPrompts, maxNewTokens, promptsPerBatch,
                shardSize, rewardFunction, poolPolicy, fineTune, sftReplay, sftReplayKeep);
    }

    /** This config with the temperatures replaced (one temperature: no sweep). */
    public RejectionSamplingConfig withTemperatures(List<Double> newTemperatures) {
        return new RejectionSamplingConfig(k, newTemperatures, validationPrompts, maxNewTokens, promptsPerBatch,
                shardSize, rewardFunction, poolPolicy, fineTune, sftReplay, sftReplayKeep);
    }

    /** This config with the fine-tuning run replaced. */
    public RejectionSamplingConfig withFineTune(SftConfig newFineTune) {
        return new RejectionSamplingConfig(k, temperatures, validationPrompts, maxNewTokens, promptsPerBatch,
                shardSize, rewardFunction, poolPolicy, newFineTune, sftReplay, sftReplayKeep);
    }

    /** This config with the SFT replay replaced ({@code sft_replay}, {@code sft_replay_keep}). */
    public RejectionSamplingConfig withReplay(double newSftReplay, double newSftReplayKeep) {
        return new RejectionSamplingConfig(k, temperatures, validationPrompts, maxNewTokens, promptsPerBatch,
                shardSize, rewardFunction, poolPolicy, fineTune, newSftReplay, newSftReplayKeep);
    }

    /** This config with the shard size replaced. */
    public RejectionSamplingConfig withShardSize(int newShardSize) {
        return new RejectionSamplingConfig(k, temperatures, validationPrompts, maxNewTokens, promptsPerBatch,
                newShardSize, rewardFunction, poolPolicy, fineTune, sftReplay, sftReplayKeep);
    }
}
