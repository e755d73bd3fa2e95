package org.rlhf4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.SplittableRandom;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.LlamaModel;

/**
 * Reward-model scoring throughput: prompt + response rows, right-padded to the longest, one forward pass with the
 * scalar {@code score} head read at each row's last real token (as a reward model scores), in responses per second.
 */
final class ScoringThroughput {

    private ScoringThroughput() {}

    /**
     * @param model a model with the score head
     * @param batch rows scored per forward pass
     * @param minLength shortest row (tokens); lengths are drawn uniformly up to {@code maxLength}
     * @param batches timed passes (after one warm-up)
     */
    static double measure(LlamaModel model, int batch, int minLength, int maxLength, int batches) {
        JniUtils.setGradMode(false);
        SplittableRandom random = new SplittableRandom(5);
        int vocab = model.config().vocabSize();
        long start = 0;
        for (int pass = 0; pass <= batches; pass++) {
            if (pass == 1) {
                start = System.nanoTime();
            }
            int[] lengths = new int[batch];
            long[] ids = new long[batch * maxLength];
            for (int r = 0; r < batch; r++) {
                lengths[r] = minLength + random.nextInt(maxLength - minLength + 1);
                ids[r * maxLength] = model.config().bosTokenId();
                for (int j = 1; j < lengths[r]; j++) {
                    ids[r * maxLength + j] = 3 + random.nextInt(vocab - 3);
                }
            }
            try (NDManager manager = model.manager().newSubManager(); NDScope scope = new NDScope()) {
                // Right padding: a causal mask suffices, since padding comes after every position that is read.
                NDArray tokens = manager.create(ids, new Shape(batch, maxLength));
                NDArray hidden = model.hiddenStates(tokens, null, AttentionMask.causal(manager, maxLength), null);
                model.scores(hidden, lengths).toFloatArray();
            }
        }
        return (double) batch * batches / ((System.nanoTime() - start) / 1e9);
    }
}
