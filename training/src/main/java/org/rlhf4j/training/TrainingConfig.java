package org.rlhf4j.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How a training run steps: batch shape, optimiser, schedule, clipping, checkpoints and logging. Every stage's own
 * config embeds one of these.
 *
 * <p>Defaults ({@link #llama2Sft()}), from the paper where it says (METHOD.md §3): effective batch 64 sequences
 * (8 micro-batches × 8 accumulation steps), AdamW β1 0.9 / β2 0.95 / ε 1e-5 / decay 0.1, gradient clipping at global
 * norm 1.0, cosine schedule with peak 2e-5, 3% warm-up (at least 5 steps), floor 10% of the peak. The rest are
 * engineering choices: 1000 steps, a checkpoint every 100 steps keeping the last 3, a log line every 10 steps,
 * seed 42, a progress bar when attached to a terminal.
 *
 * <p>Files: {@link #read(Path)} reads JSON or YAML (by extension); missing keys take the defaults, unknown keys are
 * an error naming the file, line and key.
 *
 * @param maxSteps number of optimiser updates N
 * @param microBatchSize examples per forward/backward pass (the stage's data source batches by it; the loop only
 *     counts micro-batches)
 * @param accumulationSteps micro-batches per update; effective batch = microBatchSize × accumulationSteps
 * @param schedule the learning-rate schedule
 * @param adamw the optimiser
 * @param clipNorm global gradient-norm bound (paper: 1.0)
 * @param saveEvery write a checkpoint every this many updates (and at the end); 0 = only at the end
 * @param keepCheckpoints how many of the newest checkpoints to keep, ≥ 1
 * @param logEvery one log line (and a CSV flush) every this many updates
 * @param seed seed of the run's random generator
 * @param progressBar show a terminal progress bar (also needs a terminal and CI unset)
 */
public record TrainingConfig(
        @JsonProperty("max_steps") int maxSteps,
        @JsonProperty("micro_batch_size") int microBatchSize,
        @JsonProperty("accumulation_steps") int accumulationSteps,
        @JsonProperty("schedule") ScheduleConfig schedule,
        @JsonProperty("adamw") AdamWConfig adamw,
        @JsonProperty("clip_norm") double clipNorm,
        @JsonProperty("save_every") int saveEvery,
        @JsonProperty("keep_checkpoints") int keepCheckpoints,
        @JsonProperty("log_every") int logEvery,
        @JsonProperty("seed") long seed,
        @JsonProperty("progress_bar") boolean progressBar) {

    public TrainingConfig {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("max_steps must be >= 1, got " + maxSteps);
        }
        if (microBatchSize < 1) {
            throw new IllegalArgumentException("micro_batch_size must be >= 1, got " + microBatchSize);
        }
        if (accumulationSteps < 1) {
            throw new IllegalArgumentException("accumulation_steps must be >= 1, got " + accumulationSteps);
        }
        if (schedule == null || adamw == null) {
            throw new IllegalArgumentException("schedule and adamw must be set");
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip_norm must be finite and > 0, got " + clipNorm);
        }
        if (saveEvery < 0) {
            throw new IllegalArgumentException("save_every must be >= 0, got " + saveEvery);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keep_checkpoints must be >= 1, got " + keepCheckpoints);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("log_every must be >= 1, got " + logEvery);
        }
        schedule.resolvedWarmupSteps(maxSteps); // a fixed warm-up longer than the run is an error now, not later
    }

    /** The paper's SFT settings (see the class comment). */
    public static TrainingConfig llama2Sft() {
        return new TrainingConfig(1000, 8, 8, ScheduleConfig.llama2Sft(), AdamWConfig.llama2(), 1.0, 100, 3, 10,
                42L, true);
    }

    /** Examples per optimiser update. */
    public int effectiveBatchSize() {
        return microBatchSize * accumulationSteps;
    }

    /** The learning-rate schedule for {@link #maxSteps} updates. */
    public LearningRateSchedule learningRateSchedule() {
        return schedule.build(maxSteps);
    }

    /** Reads a JSON or YAML file over {@link #llama2Sft()}'s values (unknown keys rejected). */
    public static TrainingConfig read(Path file) throws IOException {
        return StrictConfigFile.read(file, TrainingConfig.class, llama2Sft());
    }
}
