package org.rlhf4j.ppo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.StrictConfigFile;

/**
 * PPO hyper-parameters (Llama 2 §3.2.3, METHOD.md §6). {@link #llama2(long)} gives the paper's values for a model
 * size; {@link #demo()} the CPU demo's. Files ({@link #read}) are JSON or YAML over the defaults; unknown keys are an
 * error naming file, line and key.
 *
 * <p>Paper: 512 prompts per iteration, one sample each; mini-batch 64, one gradient step per mini-batch (so 8
 * steps per iteration); clip ε 0.2; β 0.01 (7B, 13B) or 0.005 (34B, 70B); AdamW β (0.9, 0.95), ε 1e-5, weight
 * decay 0.1, clipping 1.0, constant LR 1e-6; 200–400 iterations with early stopping on held-out prompts; the gated
 * reward whitened. What the paper leaves open has the defaults below, each a field.
 *
 * @param promptsPerIteration prompts sampled (one response each) per iteration (paper 512)
 * @param miniBatchSize responses per gradient step (paper 64); must divide {@code promptsPerIteration}
 * @param iterations the most PPO iterations (paper 200–400; early stopping may end sooner)
 * @param clipRange the surrogate's ε (paper 0.2)
 * @param valueClipRange the value loss's ε_v (paper silent; 0.2 as in OpenRLHF)
 * @param klBeta β of the KL penalty (paper 0.01 ≤ 13B, 0.005 ≥ 34B)
 * @param gamma GAE discount γ (paper silent; 1)
 * @param gaeLambda GAE λ (paper silent; 0.95)
 * @param temperature sampling temperature of the rollouts (paper silent; 1.0)
 * @param maxNewTokens response length limit; a response cut there is scored like any other (paper silent; 1024)
 * @param rolloutBatchSize prompts per batched generation call (memory/speed only)
 * @param policyLearningRate constant LR of the policy (paper 1e-6)
 * @param valueLearningRate constant LR of the value model (paper silent; the policy's by default)
 * @param adamw the optimiser of both models (paper's AdamW)
 * @param clipNorm global gradient-norm bound, applied to each model separately (paper 1.0)
 * @param whitening where WHITEN's statistics come from (paper silent; running over the rollouts so far)
 * @param reward the reward-model combination (paper: the safety-gated Rc)
 * @param valueInit which reward model the value model starts from (paper silent; Helpfulness RM)
 * @param heldOutPrompts prompts of the prompt file kept out of training for early stopping
 * @param evalEvery iterations between held-out evaluations (and the last iteration is always evaluated)
 * @param earlyStoppingPatience stop after this many held-out evaluations without a new best mean reward; 0 = never
 * @param saveEvery write a resumable checkpoint every this many iterations (and at the end)
 * @param seed the run's random seed (prompt order, sampling, mini-batch order)
 * @param ptxCoefficient γ of the SFT-replay term added to the policy loss, {@code L = L_policy + γ·L_ptx}
 *     ({@link PtxLoss}, InstructGPT's PPO-ptx on SFT demonstrations; the paper has none: 0, the default); applies when
 *     the run is given demonstrations
 * @param ptxBatchSize demonstrations in each gradient step's {@code L_ptx}
 * @param ptxKeep the share of the demonstrations {@code L_ptx} draws from: those the run's reward function ranks
 *     highest within each branch of its gate ({@link org.rlhf4j.rewardmodel.DemonstrationRanking}); 1 (the default)
 *     draws from all of them
 */
public record PpoConfig(
        @JsonProperty("prompts_per_iteration") int promptsPerIteration,
        @JsonProperty("mini_batch_size") int miniBatchSize,
        @JsonProperty("iterations") int iterations,
        @JsonProperty("clip_range") double clipRange,
        @JsonProperty("value_clip_range") double valueClipRange,
        @JsonProperty("kl_beta") double klBeta,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("gae_lambda") double gaeLambda,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("rollout_batch_size") int rolloutBatchSize,
        @JsonProperty("policy_learning_rate") double policyLearningRate,
        @JsonProperty("value_learning_rate") double valueLearningRate,
        @JsonProperty("adamw") AdamWConfig adamw,
        @JsonProperty("clip_norm") double clipNorm,
        @JsonProperty("whitening") Whitening.Statistics whitening,
        @JsonProperty("reward") RewardFunction reward,
        @JsonProperty("value_init") ValueModelInit valueInit,
        @JsonProperty("held_out_prompts") int heldOutPrompts,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("early_stopping_patience") int earlyStoppingPatience,
        @JsonProperty("save_every") int saveEvery,
        @JsonProperty("seed") long seed,
        @JsonProperty("ptx_coefficient") double ptxCoefficient,
        @JsonProperty("ptx_batch_size") int ptxBatchSize,
        @JsonProperty("ptx_keep") double ptxKeep) {

    /** Parameter count from which the paper's smaller β applies (its 34B and 70B models; 7B/13B use 0.01). */
    public static final long LARGE_MODEL_PARAMETERS = 30_000_000_000L;

    public PpoConfig {
        if (promptsPerIteration < 1 || miniBatchSize < 1 || promptsPerIteration % miniBatchSize != 0) {
            throw new IllegalArgumentException("prompts_per_iteration (" + promptsPerIteration
                    + ") must be a positive multiple of mini_batch_size (" + miniBatchSize + ")");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (!(clipRange > 0 && clipRange < 1)) {
            throw new IllegalArgumentException("clip_range must be in (0, 1), got " + clipRange);
        }
        if (!(valueClipRange > 0) || Double.isInfinite(valueClipRange)) {
            throw new IllegalArgumentException("value_clip_range must be finite and > 0, got " + valueClipRange);
        }
        if (!(klBeta >= 0) || Double.isInfinite(klBeta)) {
            throw new IllegalArgumentException("kl_beta must be finite and >= 0, got " + klBeta);
        }
        if (!(gamma >= 0 && gamma <= 1) || !(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new IllegalArgumentException("gamma and gae_lambda must be in [0, 1], got " + gamma + ", "
                    + gaeLambda);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0 (PPO samples), got "
                    + temperature);
        }
        if (maxNewTokens < 1 || rolloutBatchSize < 1) {
            throw new IllegalArgumentException("max_new_tokens and rollout_batch_size must be >= 1");
        }
        if (!(policyLearningRate > 0) || !(valueLearningRate > 0) || Double.isInfinite(policyLearningRate)
                || Double.isInfinite(valueLearningRate)) {
            throw new IllegalArgumentException("policy_learning_rate and value_learning_rate must be finite and > 0");
        }
        if (adamw == null) {
            throw new IllegalArgumentException("adamw must be set");
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip_norm must be finite and > 0, got " + clipNorm);
        }
        if (whitening == null || reward == null || valueInit == null) {
            throw new IllegalArgumentException("whitening (RUNNING|BATCH), reward (GATED|HELPFULNESS|SAFETY) and "
                    + "value_init (HELPFULNESS_RM|SAFETY_RM) must be set");
        }
        if (heldOutPrompts < 0 || evalEvery < 1 || earlyStoppingPatience < 0 || saveEvery < 1) {
            throw new IllegalArgumentException("held_out_prompts >= 0, eval_every >= 1, early_stopping_patience >= 0"
                    + " and save_every >= 1 required");
        }
        if (!(ptxCoefficient >= 0) || Double.isInfinite(ptxCoefficient) || ptxBatchSize < 1) {
            throw new IllegalArgumentException("ptx_coefficient must be finite and >= 0 and ptx_batch_size >= 1, got "
                    + ptxCoefficient + ", " + ptxBatchSize);
        }
        if (!(ptxKeep > 0 && ptxKeep <= 1)) {
            throw new IllegalArgumentException("ptx_keep (share of the demonstrations PPO-ptx draws from) must be in"
                    + " (0, 1], got " + ptxKeep);
        }
    }

    /**
     * The paper's PPO for a policy of {@code parameterCount} parameters: β 0.01 below
     * {@value #LARGE_MODEL_PARAMETERS} parameters (7B, 13B), 0.005 from there (34B, 70B); everything else as in the
     * class comment; 400 iterations at most, a held-out evaluation of 256 prompts every 10 iterations, stopping
     * after 3 evaluations without improvement.
     */
    public static PpoConfig llama2(long parameterCount) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("parameterCount must be >= 1, got " + parameterCount);
        }
        double beta = parameterCount >= LARGE_MODEL_PARAMETERS ? 0.005 : 0.01;
        return new PpoConfig(512, 64, 400, 0.2, 0.2, beta, 1.0, 0.95, 1.0, 1024, 64, 1e-6, 1e-6,
                AdamWConfig.llama2(), 1.0, Whitening.Statistics.RUNNING, RewardFunction.GATED,
                ValueModelInit.HELPFULNESS_RM, 256, 10, 3, 10, 42L, 0.0, 64, 1.0);
    }

    /**
     * The CPU demo on the tiny {@code demo} model (hidden 64, 4 layers, 316k parameters): 128 prompts per iteration
     * in mini-batches of 32 (4 steps per iteration), answers up to 48 tokens (the arena's answers are short), 30
     * iterations at most, held-out evaluation of 64 prompts every 3 iterations with patience 3, a checkpoint every
     * 3 iterations. Learning rates are constant as in the paper but larger — 5e-5 (policy) and 2e-4 (value) — since a
     * tiny model at 1e-6 does not move in 30 iterations. β is 0.3, thirty times the paper's: the demo's tiny reward
     * models are easy to exploit (the Helpfulness RM scores "X has 6 letters." highly whatever X is), and measured on
     * the arena (seed 1) β 0.02 with LR 2e-4 let the mean KL to π0 climb past 11 nats while the RM reward rose from
     * 2.0 to 4.4 and the arena judge's helpfulness fell from 0.63 to 0.39; β 0.1 with LR 5e-5 still drifted (KL 1.2
     * after 30 iterations, 9 wins against 13 losses); β 0.3 keeps the KL near 0.2 nats.
     *
     * <p>PPO-ptx at γ 5 on 32 demonstrations a step ({@link PtxLoss}): the demo's Helpfulness RM ranks the policy's
     * own answers right only about 61% of the time and scores some correct answers to risky-looking prompts below
     * a refusal, so plain PPO learnt to refuse them. Measured on the seed-1 demo's V5 (from the same RS model, arena
     * judge, test prompts): without the term PPO won 3 of 20 decided pairs against V5 without PPO and raised false
     * refusals from 19% to 28%; at γ 1, 8 of 21 and 34%; at γ 5, 7 of 11, 24%, helpfulness 0.759 against 0.753,
     * and 89.6% of decided pairs against SFT. Everything else is the paper's.
     */
    public static PpoConfig demo() {
        return new PpoConfig(128, 32, 30, 0.2, 0.2, 0.3, 1.0, 0.95, 1.0, 48, 64, 5e-5, 2e-4,
                AdamWConfig.llama2(), 1.0, Whitening.Statistics.RUNNING, RewardFunction.GATED,
                ValueModelInit.HELPFULNESS_RM, 64, 3, 3, 3, 42L, 5.0, 32, 0.75);
    }

    /** Gradient steps per iteration: {@code promptsPerIteration / miniBatchSize}. */
    public int stepsPerIteration() {
        return promptsPerIteration / miniBatchSize;
    }

    /** Reads a JSON or YAML file over {@code defaults} (unknown keys rejected, errors name file, line and key). */
    public static PpoConfig read(Path file, PpoConfig defaults) throws IOException {
        return StrictConfigFile.read(file, PpoConfig.class, defaults);
    }

    /** This config with other iteration and seed values (command-line overrides; null keeps the field). */
    public PpoConfig withOverrides(Integer newIterations, Long newSeed) {
        return new PpoConfig(promptsPerIteration, miniBatchSize, newIterations != null ? newIterations : iterations,
                clipRange, valueClipRange, klBeta, gamma, gaeLambda, temperature, maxNewTokens, rolloutBatchSize,
                policyLearningRate, valueLearningRate, adamw, clipNorm, whitening, reward, valueInit, heldOutPrompts,
                evalEvery, earlyStoppingPatience, saveEvery, newSeed != null ? newSeed : seed, ptxCoefficient,
                ptxBatchSize, ptxKeep);
    }
}
