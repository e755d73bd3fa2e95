package org.rlhf4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;

/**
 * Sampling throughput with the KV cache: new tokens per second over a batch of prompts, temperature 1, no
 * truncation, no EOS stop (every row produces {@code newTokens}), optionally after one untimed warm-up run of the
 * same size.
 */
final class SamplingThroughput {

    private SamplingThroughput() {}

    /**
     * @param batch rows sampled together
     * @param minPrompt shortest prompt; prompt lengths are drawn uniformly from {@code [minPrompt, maxPrompt]}
     *     (equal bounds: no padding)
     * @param warmUp whether to run once untimed first, so the JIT and allocator are in steady state (needless when
     *     the same size was just run)
     */
    static double measure(LlamaModel model, int batch, int newTokens, int minPrompt, int maxPrompt, boolean warmUp) {
        KvCacheGenerator generator = new KvCacheGenerator(model);
        SplittableRandom random = new SplittableRandom(11);
        int vocab = model.config().vocabSize();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int[] prompt = new int[minPrompt + random.nextInt(maxPrompt - minPrompt + 1)];
            prompt[0] = model.config().bosTokenId();
            for (int j = 1; j < prompt.length; j++) {
                prompt[j] = 3 + random.nextInt(vocab - 3);
            }
            prompts.add(prompt);
        }
        SamplingConfig sampling = SamplingConfig.sample(1.0, newTokens).withEos(-1, false);
        if (warmUp) {
            generator.generate(prompts, sampling, 0);
        }
        long start = System.nanoTime();
        int produced = generator.generate(prompts, sampling, 1).stream().mapToInt(c -> c.tokens().length).sum();
        return produced / ((System.nanoTime() - start) / 1e9);
    }
}
