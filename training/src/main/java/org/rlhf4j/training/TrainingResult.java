package org.rlhf4j.training;

import java.nio.file.Path;

/**
 * What a finished {@link TrainingLoop} run reports.
 *
 * @param outputDir the run directory (metrics.csv, loss.png, checkpoints/, manifest.json)
 * @param steps updates completed in total (including those before a resume)
 * @param finalLoss loss of the last update (NaN when the run had no update)
 * @param finalGradNorm pre-clip gradient norm of the last update
 * @param lastCheckpoint the checkpoint written at the end
 * @param elapsedSeconds training wall time, summed over resumes
 */
public record TrainingResult(Path outputDir, int steps, double finalLoss, double finalGradNorm, Path lastCheckpoint,
                             double elapsedSeconds) {}
