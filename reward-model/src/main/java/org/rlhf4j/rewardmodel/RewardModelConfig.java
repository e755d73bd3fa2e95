package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.StrictConfigFile;
import org.rlhf4j.training.TrainingConfig;

/**
 * Settings of a reward-model run (Llama 2 §3.2.2, METHOD.md §4).
 *
 * <p>Paper values ({@link #llama2()}): the small margin table, 1 epoch (longer overfits), 512 pairs (1024 rows) per
 * update as 8 pairs × 64 accumulation steps, AdamW β1 0.9 / β2 0.95 / ε 1e-5 / decay 0.1, clipping at 1.0, peak LR
 * 1e-5 (5e-6 for 70B-size models, {@link #llama2(long)}), cosine to 10% with 3% warm-up (at least 5 steps), 1000
 * held-out pairs per batch, the paper's mixtures. In {@code training}, {@code micro_batch_size} counts pairs (2P rows
 * per forward) and {@code max_steps} is derived from {@code epochs} unless {@code max_steps} is set here.
 *
 * <p>Where the paper is silent: rows (prompt + response + EOS) longer than {@code maxTokens} are dropped and
 * counted; the Safety RM adds {@code safetyLabelLossWeight} × {@link SafetyLabelLoss} (default 0.1; the Helpfulness
 * RM never does) so that its raw scores have an absolute meaning and the reward function's gate σ(R_s) &lt; 0.15 is
 * meaningful — the ranking loss alone leaves the scores' offset free. The anchor's class weights and unsafe offset
 * default to plain cross-entropy (no class balance, offset 0).
 *
 * @param margin the margin table (default {@link MarginTable#SMALL})
 * @param epochs passes over the mixture (paper: 1); used when {@code maxSteps} is null
 * @param maxSteps updates to run, or null to derive them from {@code epochs}
 * @param maxTokens the longest row kept (paper: the 4096 context); longer pairs are dropped and counted
 * @param heldOut the held-out test part of each batch (pairs file)
 * @param mixture which pairs each RM trains on
 * @param safetyLabelLossWeight weight of the Safety RM's label anchor, ≥ 0 (0 = the paper's loss alone)
 * @param safetyLabelClassBalance weight the anchor's safe and unsafe terms so that each class carries half of it over
 *     the training mixture ({@link SafetyLabelLoss#balancedClassWeights}; default false: every labelled response
 *     weighs 1)
 * @param safetyLabelUnsafeOffset c ≤ 0: an unsafe response's anchor term is softplus(r − c), log 2 at r = c instead
 *     of at σ(r) = 0.5 (default 0: plain cross-entropy; at {@link RewardFunction#SAFETY_THRESHOLD_LOGIT} the
 *     anchor pulls unsafe responses under the gate)
 * @param shuffle reshuffle the training pairs every epoch (with the training seed)
 * @param training batch shape (pairs), optimiser, schedule, clipping, checkpoints, logging, seed
 * @param warmStartEpochs passes over all pairs so far when an iteration retrains this RM from the previous
 *     iteration's RM of the same kind instead of from the chat model, or null to always start from the chat model
 *     (the default in every preset). The paper retrains on all the data collected so far at each iteration but does
 *     not say from which checkpoint. Measured on the seed-1 demo with 2 epochs: V2–V5's Safety RMs trained in 23–32 s
 *     instead of 50–100 s, but the versions then refused more borderline prompts (PPO on V5's RS model: 26–28 of 100
 *     with RMs chained from each previous version, 16 when started from V1's, 19 from SFT; one whole run ended at 42
 *     against SFT's 24), so the demo keeps starting from SFT
 * @param lengthGroup micro-batches per length group, or 0 for none (default): each epoch's shuffled order is cut
 *     into groups of this many micro-batches and each group sorted by length, longest first, so a micro-batch's
 *     rows are padded to similar lengths (Hugging Face Trainer's {@code group_by_length}); the order stays a pure
 *     function of the seed and epoch. The demo groups 16: on the seed-1 demo's pairs, random micro-batches of 32 pairs
 *     were 70% padding (by characters), grouped ones 15%; V1's Safety RM (6 epochs, one core) trained in 49 s instead
 *     of 81 s, its Helpfulness RM in 10 s instead of 25 s
 */
public record RewardModelConfig(
        @JsonProperty("margin") MarginTable margin,
        @JsonProperty("epochs") double epochs,
        @JsonProperty("max_steps") Integer maxSteps,
        @JsonProperty("max_tokens") int maxTokens,
        @JsonProperty("held_out") HeldOutSplit heldOut,
        @JsonProperty("mixture") PreferenceMixture mixture,
        @JsonProperty("safety_label_loss_weight") double safetyLabelLossWeight,
        @JsonProperty("safety_label_class_balance") boolean safetyLabelClassBalance,
        @JsonProperty("safety_label_unsafe_offset") double safetyLabelUnsafeOffset,
        @JsonProperty("shuffle") boolean shuffle,
        @JsonProperty("training") TrainingConfig training,
        @JsonProperty("warm_start_epochs") Double warmStartEpochs,
        @JsonProperty("length_group") int lengthGroup) {

    /** The demo's micro-batches per length group. */
    public static final int DEMO_LENGTH_GROUP = 16;

    /** Models at least this large use the 70B learning rate. */
    public static final long LARGE_MODEL_PARAMETERS = 60_000_000_000L;

    public RewardModelConfig {
        if (margin == null || heldOut == null || mixture == null || training == null) {
            throw new IllegalArgumentException("margin, held_out, mixture and training must be set");
        }
        if (!(epochs > 0) || Double.isInfinite(epochs)) {
            throw new IllegalArgumentException("epochs must be finite and > 0, got " + epochs);
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("max_steps must be >= 1 (or null to use epochs), got " + maxSteps);
        }
        if (lengthGroup < 0) {
            throw new IllegalArgumentException("length_group must be >= 0 (0 = no grouping), got " + lengthGroup);
        }
        if (warmStartEpochs != null && (!(warmStartEpochs > 0) || warmStartEpochs.isInfinite())) {
            throw new IllegalArgumentException("warm_start_epochs must be finite and > 0 (or null), got "
                    + warmStartEpochs);
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("max_tokens must be >= 2, got " + maxTokens);
        }
        if (!(safetyLabelLossWeight >= 0) || Double.isInfinite(safetyLabelLossWeight)) {
            throw new IllegalArgumentException("safety_label_loss_weight must be finite and >= 0, got "
                    + safetyLabelLossWeight);
        }
        if (!(safetyLabelUnsafeOffset <= 0) || Double.isInfinite(safetyLabelUnsafeOffset)) {
            throw new IllegalArgumentException("safety_label_unsafe_offset must be finite and <= 0, got "
                    + safetyLabelUnsafeOffset);
        }
    }

    /** The paper's settings for a 7B–34B-size reward model (see the class comment). */
    public static RewardModelConfig llama2() {
        return llama2(0);
    }

    /** The paper's settings for a model of {@code parameterCount} parameters: peak LR 5e-6 from 70B size, else 1e-5. */
    public static RewardModelConfig llama2(long parameterCount) {
        double lr = parameterCount >= LARGE_MODEL_PARAMETERS ? 5e-6 : 1e-5;
        TrainingConfig training = new TrainingConfig(1, 8, 64,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, lr, null, 0.03, 5, 0.1), AdamWConfig.llama2(), 1.0,
                100, 3, 10, 42L, true);
        return new RewardModelConfig(MarginTable.SMALL, 1.0, null, 4096, HeldOutSplit.llama2(),
                PreferenceMixture.llama2(), 0.1, false, 0, true, training, null, 0);
    }

    /**
     * The CPU demo's reward models on the arena's pairs (a few thousand short pairs; the tiny {@code demo} model):
     * 32 pairs per update (512 would leave a handful of updates) in one micro-batch of 64 rows (the same update as 8
     * pairs × 4 accumulated, which took 1.3× as long: 30 Safety RM updates on the seed-1 demo's pairs, 10.5 s against
     * 8.2 s — a tiny model's step costs the number of operations more than the tokens), peak LR 3e-4 (a tiny model
     * needs a larger rate than a 7B one), rows up to 256 tokens; otherwise the paper's values, except 3 epochs where
     * the paper trains 1. With 1 epoch the Helpfulness RM did not tell a needless refusal from a good answer: at seed 7
     * V5's RM scored the refusal above the correct answer on 12 of the 15 borderline test prompts where the versions
     * gave both, rejection sampling picked refusals, and V5 falsely refused 21 of 100 borderline prompts against
     * SFT's 12. Retrained for 3 epochs on the same pairs it did so on 6 of 15 (held-out accuracy on helpfulness pairs
     * 0.782 → 0.802); whole demo runs with 3 epochs ended at 11 (seed 7) and 13 (seed 1) false refusals against SFT's
     * 12 and 24 on one machine, and at 14 against 24 (seed 1; 17 with 1 epoch) on another, in 19.3 minutes.
     */
    public static RewardModelConfig demo() {
        TrainingConfig training = new TrainingConfig(1, 32, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, 3e-4, null, 0.03, 5, 0.1), AdamWConfig.llama2(), 1.0,
                50, 2, 10, 42L, true);
        return new RewardModelConfig(MarginTable.SMALL, 3.0, null, 256, HeldOutSplit.llama2(),
                PreferenceMixture.llama2(), 0.1, false, 0, true, training, null, DEMO_LENGTH_GROUP);
    }

    /**
     * The CPU demo's Safety RM: {@link #demo()} with 6 epochs and the label anchor at weight 1.0, class-balanced, its
     * unsafe terms anchored at the gate (c = logit(0.15) ≈ −1.73: an unsafe response's term is log 2 there, not at σ =
     * 0.5). The demo's safety batches are small (≈ 870–1,500 pairs, 27–47 updates an epoch). At weight 0.1 for 1 epoch
     * the RM ranked well but its scores sat too high for the gate (38% of the unsafe test responses flagged on an
     * earlier V1 batch). Weight 1.0 for 2 epochs with plain cross-entropy flagged 70% (V1) and 56% (V5) of the seed-1
     * demo's unsafe test responses at precision 0.98, but almost only the bootstrap pairs' fixed unsafe text: of the
     * model's own "Sure, here is how: …" answers to harmful prompts it flagged 0 of 27 (V1) and 1 of 51 (V5); they
     * mostly sat at σ 0.55–0.99, under-fitted even on the training pairs (unsafe answers are 9% of the labelled
     * responses of the collected batches). On the same seed-1 pairs, recall / precision at V1 and V5: class balance
     * alone 0.72 / 0.94 and 0.58 / 0.97; the offset alone 0.72 / 0.97 and 0.56 / 0.97; both 0.76 / 0.93 and 0.71 /
     * 0.94; both with 4 epochs 0.82 / 0.94 and 0.79 / 0.91; with 4 epochs and c one logit lower 0.84 / 0.90 and 0.81 /
     * 0.90; this preset 0.87 / 0.91 and 0.87 / 0.94, safety-test accuracy 89.8% and 79.2% (plain: 91.6% and 78.8%; at
     * V1 the gap is 3 of the 26 "negligibly better" pairs). Its V5 RM gated 0 of 44 helpful answers of V5 and 1 of 76
     * of SFT to borderline test prompts (plain: 0 and 0) and 36 of SFT's 45 unsafe answers to adversarial test prompts
     * (plain: 0). Three times the plain preset's updates: the V5 Safety RM trains in about 4 minutes on 2 shared cores.
     */
    public static RewardModelConfig demoSafety() {
        RewardModelConfig d = demo();
        return new RewardModelConfig(d.margin, 6.0, d.maxSteps, d.maxTokens, d.heldOut, d.mixture, 1.0, true,
                RewardFunction.SAFETY_THRESHOLD_LOGIT, d.shuffle, d.training, null, d.lengthGroup);
    }

    /** Reads a JSON or YAML file over {@code defaults} (unknown keys rejected; errors name file, line and key). */
    public static RewardModelConfig read(Path file, RewardModelConfig defaults) throws IOException {
        JsonNode tree = StrictConfigFile.mapper(file).readTree(file.toFile());
        if (tree != null && tree.path("training").has("max_steps")) {
            throw new IllegalArgumentException(file + ": training.max_steps is derived from epochs; set the top-level"
                    + " max_steps instead");
        }
        return StrictConfigFile.read(file, RewardModelConfig.class, defaults);
    }

    /** Pairs per optimiser update. */
    public int pairsPerUpdate() {
        return training.effectiveBatchSize();
    }

    /** Updates for {@code pairs} training pairs: {@code maxSteps}, or epochs × pairs / pairs per update, rounded up. */
    public int steps(int pairs) {
        if (maxSteps != null) {
            return maxSteps;
        }
        if (pairs < 1) {
            throw new IllegalArgumentException("no training pairs");
        }
        return Math.max(1, (int) Math.ceil(epochs * pairs / pairsPerUpdate() - 1e-9));
    }

    /** This config with {@code training.max_steps} set for {@code pairs} training pairs (what the manifest says). */
    public RewardModelConfig resolved(int pairs) {
        TrainingConfig t = training;
        TrainingConfig nt = new TrainingConfig(steps(pairs), t.microBatchSize(), t.accumulationSteps(), t.schedule(),
                t.adamw(), t.clipNorm(), t.saveEvery(), t.keepCheckpoints(), t.logEvery(), t.seed(), t.progressBar());
        return new RewardModelConfig(margin, epochs, steps(pairs), maxTokens, heldOut, mixture,
                safetyLabelLossWeight, safetyLabelClassBalance, safetyLabelUnsafeOffset, shuffle, nt, warmStartEpochs,
                lengthGroup);
    }

    /** Command-line overrides: each non-null argument replaces its field. */
    public RewardModelConfig withOverrides(Integer newMaxSteps, Integer newSaveEvery, Long newSeed) {
        TrainingConfig t = training;
        TrainingConfig nt = new TrainingConfig(t.maxSteps(), t.microBatchSize(), t.accumulationSteps(), t.schedule(),
                t.adamw(), t.clipNorm(), newSaveEvery != null ? newSaveEvery : t.saveEvery(), t.keepCheckpoints(),
                t.logEvery(), newSeed != null ? newSeed : t.seed(), t.progressBar());
        return new RewardModelConfig(margin, epochs, newMaxSteps != null ? newMaxSteps : maxSteps, maxTokens,
                heldOut, mixture, safetyLabelLossWeight, safetyLabelClassBalance, safetyLabelUnsafeOffset, shuffle, nt,
                warmStartEpochs, lengthGroup);
    }

    /**
     * The config an RM retrained from the previous iteration's RM runs with: {@code epochs} replaced by
     * {@code warm_start_epochs}.
     *
     * @throws IllegalStateException when {@code warm_start_epochs} is not set
     */
    public RewardModelConfig forWarmStart() {
        if (warmStartEpochs == null) {
            throw new IllegalStateException("warm_start_epochs is not set");
        }
        return new RewardModelConfig(margin, warmStartEpochs, maxSteps, maxTokens, heldOut, mixture,
                safetyLabelLossWeight, safetyLabelClassBalance, safetyLabelUnsafeOffset, shuffle, training,
                warmStartEpochs, lengthGroup);
    }
}
