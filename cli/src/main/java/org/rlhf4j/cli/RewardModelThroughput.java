package org.rlhf4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rewardmodel.RankingLoss;
import org.rlhf4j.rewardmodel.RewardModelForward;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.GlobalNormClipping;
import org.rlhf4j.training.GradientTape;

/**
 * Reward-model throughput as {@code rlhf reward train} and the scorer run it: training pairs/s of full updates
 * (2P rows of random tokens through one forward, ranking loss, backward, clipping, AdamW) and scoring responses/s
 * (forward only, grad mode off, micro-batches of rows).
 */
final class RewardModelThroughput {

    private RewardModelThroughput() {}

    private static List<int[]> rows(int count, int length, int vocab, SplittableRandom random) {
        List<int[]> rows = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            int[] row = new int[length - random.nextInt(Math.max(1, length / 4))]; // lengths vary, as in real data
            for (int t = 0; t < row.length; t++) {
                row[t] = random.nextInt(vocab);
            }
            rows.add(row);
        }
        return rows;
    }

    /** One warm-up update then {@code steps} timed ones of {@code pairs} pairs of rows up to {@code length} tokens. */
    static double trainingPairsPerSecond(LlamaModel model, int pairs, int length, int steps) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
            parameters.put(p.getKey(), p.getValue().getArray());
        }
        SplittableRandom random = new SplittableRandom(7);
        try (NDManager manager = model.manager().newSubManager();
                AdamW optimizer = new AdamW(AdamWConfig.llama2(), manager)) {
            long start = 0;
            for (int step = 0; step <= steps; step++) {
                if (step == 1) {
                    start = System.nanoTime();
                }
                List<int[]> rows = rows(2 * pairs, length, model.config().vocabSize(), random);
                try (NDScope scope = new NDScope()) {
                    try (GradientCollector collector = new GradientTape()) {
                        NDArray scores = RewardModelForward.scores(model, manager, rows); // (2P)
                        NDArray loss = RankingLoss.mean(scores.get("0:" + pairs), scores.get(pairs + ":"),
                                manager.zeros(new ai.djl.ndarray.types.Shape(pairs)));
                        collector.backward(loss);
                    }
                    Map<String, NDArray> gradients = new LinkedHashMap<>();
                    parameters.forEach((name, p) -> gradients.put(name, p.getGradient()));
                    GlobalNormClipping.clip(new ArrayList<>(gradients.values()), 1.0);
                    optimizer.step(parameters, gradients, 1e-5);
                    gradients.values().forEach(g -> g.subi(g));
                }
            }
            return (double) pairs * steps / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Responses scored per second: {@code responses} rows up to {@code length} tokens, micro-batches of 32. */
    static double scoringResponsesPerSecond(LlamaModel model, int responses, int length) {
        List<int[]> rows = rows(responses, length, model.config().vocabSize(), new SplittableRandom(3));
        rows.sort(java.util.Comparator.comparingInt(r -> r.length)); // as the scorer groups similar lengths
        boolean gradMode = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            score(model, rows); // warm-up
            long start = System.nanoTime();
            score(model, rows);
            return responses / ((System.nanoTime() - start) / 1e9);
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(gradMode);
        }
    }

    private static void score(LlamaModel model, List<int[]> rows) {
        for (int from = 0; from < rows.size(); from += 32) {
            try (NDManager step = model.manager().newSubManager()) {
                RewardModelForward.scores(model, step, rows.subList(from, Math.min(rows.size(), from + 32)))
                        .toFloatArray();
            }
        }
    }
}
