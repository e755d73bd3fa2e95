package org.rlhf4j.ppo;

import java.nio.file.Path;

/**
 * What a PPO run produced.
 *
 * @param outputDir the run directory; the chosen policy is there in the Hugging Face layout
 * @param iterations iterations completed
 * @param bestIteration iteration whose policy was written (the best held-out evaluation, or the last iteration)
 * @param bestHeldOutReward mean held-out reward of that policy (NaN without held-out prompts)
 * @param stoppedEarly whether early stopping ended the run
 * @param rolloutTokensPerSecond response tokens sampled per second of generation
 * @param updateTokensPerSecond prompt + response tokens per second of the PPO updates (forward, backward, AdamW)
 * @param elapsedSeconds wall time
 */
public record PpoResult(Path outputDir, int iterations, int bestIteration, double bestHeldOutReward,
                        boolean stoppedEarly, double rolloutTokensPerSecond, double updateTokensPerSecond,
                        double elapsedSeconds) {}
