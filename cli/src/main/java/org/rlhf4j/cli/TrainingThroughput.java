package org.rlhf4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.TokenLogProbs;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.GlobalNormClipping;
import org.rlhf4j.training.GradientTape;

/**
 * Training throughput of one full update as the stages run it: causal forward over (B, T) random tokens,
 * next-token cross-entropy, backward, global-norm clipping, AdamW step — in tokens (B·T) per second.
 */
final class TrainingThroughput {

    private TrainingThroughput() {}

    /** Runs one warm-up update, then {@code steps} timed ones; returns B·T·steps / seconds. */
    static double measure(LlamaModel model, int batch, int sequenceLength, int steps) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray array = p.getValue().getArray();
            array.setRequiresGradient(true);
            parameters.put(p.getKey(), array);
        }
        SplittableRandom random = new SplittableRandom(7);
        int vocab = model.config().vocabSize();
        try (NDManager manager = model.manager().newSubManager();
                AdamW optimizer = new AdamW(AdamWConfig.llama2(), manager)) {
            NDArray bias = AttentionMask.causal(manager, sequenceLength);
            long start = 0;
            for (int step = 0; step <= steps; step++) {
                if (step == 1) {
                    start = System.nanoTime();
                }
                long[] ids = new long[batch * (sequenceLength + 1)];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = random.nextInt(vocab);
                }
                try (NDScope scope = new NDScope()) {
                    NDArray tokens = manager.create(ids, new Shape(batch, sequenceLength + 1)); // inputs + next tokens
                    try (GradientCollector collector = new GradientTape()) {
                        NDArray inputs = tokens.get(":, :-1");
                        NDArray logits = model.logits(model.hiddenStates(inputs, null, bias, null));
                        NDArray loss = TokenLogProbs.of(logits, tokens.get(":, 1:")).mean().neg();
                        collector.backward(loss);
                    }
                    Map<String, NDArray> gradients = new LinkedHashMap<>();
                    parameters.forEach((name, p) -> gradients.put(name, p.getGradient()));
                    GlobalNormClipping.clip(new ArrayList<>(gradients.values()), 1.0);
                    optimizer.step(parameters, gradients, 1e-4);
                    gradients.values().forEach(g -> g.subi(g));
                }
            }
            return (double) batch * sequenceLength * steps / ((System.nanoTime() - start) / 1e9);
        }
    }
}
