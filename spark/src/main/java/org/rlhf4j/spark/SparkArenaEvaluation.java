package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgedResponse;

/**
 * The arena-judge evaluation ({@code rlhf judge}: {@link ChatSampler#answer} then {@link ArenaEvaluation#judgeAll})
 * as a Spark job: the model's batches are answered and judged on the executors, the comparison model's (when there
 * is one) answered in the same job ({@link SparkChatAnswers}). Answers and verdicts are the single-process ones,
 * whatever the partition count; the report ({@link ArenaEvaluation#summarise}) and the win rate are computed from
 * them on the driver as there.
 */
public final class SparkArenaEvaluation {

    private SparkArenaEvaluation() {}

    /**
     * The evaluation's answers and verdicts.
     *
     * @param judged the model's answers with the judge's verdicts, in prompt order
     * @param answers the model's answers
     * @param baseline the comparison model's answers, or null without one
     */
    public record Result(List<JudgedResponse> judged, List<String> answers, List<String> baseline) {}

    /** {@link #judge(JavaSparkContext, int, Path, Path, List, ChatSamplingConfig, long)} on a context started (and
     *  stopped) for this call. */
    public static Result judge(SparkEngine engine, Path model, Path against, List<PromptRecord> prompts,
                               ChatSamplingConfig config, long seed) throws IOException {
        SparkRejectionSampling.requireModelDirs(against == null ? new Path[] {model} : new Path[] {model, against});
        try (JavaSparkContext sc = engine.start("rlhf judge")) {
            return judge(sc, engine.partitions(), model, against, prompts, config, seed);
        }
    }

    /**
     * Answers {@code prompts} with {@code model} (and {@code against}, when not null) and judges the model's answers.
     *
     * @param partitions Spark tasks; 0 = one per batch
     */
    public static Result judge(JavaSparkContext sc, int partitions, Path model, Path against,
                               List<PromptRecord> prompts, ChatSamplingConfig config, long seed) throws IOException {
        List<SparkChatAnswers.Request> requests = new ArrayList<>();
        requests.add(new SparkChatAnswers.Request(model, prompts, config, seed, true));
        if (against != null) {
            requests.add(new SparkChatAnswers.Request(against, prompts, config, seed, false));
        }
        SparkChatAnswers.Answers a = SparkChatAnswers.answer(sc, partitions, requests);
        return new Result(a.judged().get(0), a.answers().get(0), against == null ? null : a.answers().get(1));
    }
}
