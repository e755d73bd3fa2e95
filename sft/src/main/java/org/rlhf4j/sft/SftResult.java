package org.rlhf4j.sft;

import org.rlhf4j.data.packing.PackingStats;
import org.rlhf4j.training.TrainingResult;

/**
 * What an SFT (or pretraining) run reports.
 *
 * @param training the loop's result: steps, final loss, gradient norm, wall time (summed over resumes)
 * @param packing what packing did with the examples
 * @param tokensSeen non-padding tokens processed, summed over resumes
 * @param tokensPerSecond {@code tokensSeen / training.elapsedSeconds()}
 */
public record SftResult(TrainingResult training, PackingStats packing, long tokensSeen, double tokensPerSecond) {}
