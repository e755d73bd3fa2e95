package org.rlhf4j.model.sampling;

import java.util.List;

/** Samples continuations of token prompts; returns the tokens and their log-probs. */
public interface Generator {

    /**
     * @param prompts token ids per row (BOS included where the format wants it), of any lengths
     * @param sampling how to pick tokens
     * @param seed makes the run reproducible: same model, prompts, config and seed → same completions
     */
    List<Completion> generate(List<int[]> prompts, SamplingConfig sampling, long seed);
}
