package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.rewardmodel.RewardModelInput;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reward scoring of responses ({@link RewardModelScorer#score}) as a Spark job: the driver lays out every row with
 * the reward model's tokenizer, orders them as the scorer does (by length, ties in response order) and cuts them into
 * the scorer's micro-batches; tasks of {@value #MICRO_BATCHES_PER_TASK} whole micro-batches go to the executors,
 * which load the reward model once per JVM ({@link ExecutorModels}) and score them. Each micro-batch is the one the
 * single-process scorer forms (the same rows, the same padding), so the scores are its scores, bit for bit, whatever
 * the partition count.
 */
public final class SparkRewardScoring {

    /** Micro-batches per task: the unit a lost executor costs. */
    public static final int MICRO_BATCHES_PER_TASK = 4;

    private static final Logger LOG = LoggerFactory.getLogger(SparkRewardScoring.class);

    private SparkRewardScoring() {}

    /**
     * Scores each response as the assistant's answer to its prompt with the reward model in {@code rmDir}, in
     * micro-batches of {@link RewardModelScorer#DEFAULT_MICRO_BATCH_SIZE} rows.
     *
     * @param partitions Spark tasks; 0 = one per {@value #MICRO_BATCHES_PER_TASK} micro-batches
     * @return one score per response, in order
     * @throws org.rlhf4j.artifacts.InputException for a model directory the driver or an executor cannot read
     */
    public static float[] score(JavaSparkContext sc, int partitions, Path rmDir, List<List<Message>> prompts,
                                List<String> responses) throws IOException {
        return score(sc, partitions, rmDir, prompts, responses, RewardModelScorer.DEFAULT_MICRO_BATCH_SIZE);
    }

    /** {@link #score(JavaSparkContext, int, Path, List, List)} with another micro-batch size. */
    public static float[] score(JavaSparkContext sc, int partitions, Path rmDir, List<List<Message>> prompts,
                                List<String> responses, int microBatchSize) throws IOException {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        if (microBatchSize < 1) {
            throw new IllegalArgumentException("microBatchSize must be ≥ 1, got " + microBatchSize);
        }
        RewardModelSet models = new RewardModelSet(ModelDir.of(rmDir));
        RewardModelScorer.requireRewardModelDir(rmDir);
        List<int[]> rows = new ArrayList<>(prompts.size());
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(rmDir.resolve("tokenizer.json"))) {
            ChatFormat format = new ChatFormat(tokenizer);
            for (int i = 0; i < prompts.size(); i++) {
                try {
                    rows.add(RewardModelInput.of(format, tokenizer, prompts.get(i), responses.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("response " + i + ": " + e.getMessage(), e);
                }
            }
        }
        Integer[] order = IntStream.range(0, rows.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> rows.get(i).length)); // stable, as the scorer's
        int perTask = microBatchSize * MICRO_BATCHES_PER_TASK;
        List<ScoreTask> tasks = new ArrayList<>();
        for (int from = 0; from < order.length; from += perTask) {
            int to = Math.min(order.length, from + perTask);
            int[] indices = new int[to - from];
            List<int[]> taskRows = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                indices[k - from] = order[k];
                taskRows.add(rows.get(order[k]));
            }
            tasks.add(new ScoreTask(indices, taskRows, microBatchSize, models));
        }
        long start = System.nanoTime();
        float[] out = new float[rows.size()];
        boolean[] seen = new boolean[rows.size()];
        for (ScoreResult r : SparkEngine.runTasks(sc, partitions, tasks, new ScoreJob())) {
            for (int k = 0; k < r.indices().length; k++) {
                int i = r.indices()[k];
                if (seen[i]) {
                    throw new IllegalStateException("response " + i + " came back twice from the Spark job");
                }
                seen[i] = true;
                out[i] = r.scores()[k];
            }
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new IllegalStateException("response " + i + " did not come back from the Spark job");
            }
        }
        LOG.info("scored {} responses with {} in {} tasks on Spark in {} s", rows.size(), rmDir, tasks.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return out;
    }
}
