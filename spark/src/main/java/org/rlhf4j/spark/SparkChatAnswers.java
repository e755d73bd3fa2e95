package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat models answering prompts ({@link ChatSampler#answer}) as one Spark job: each {@link Request} is cut into the
 * batches the single-process sampler decodes together, each batch with the seed it gets there
 * ({@link ChatSampler#batchSeeds}); every batch is a task ({@link AnswerJob}), executors load all the job's models
 * once per JVM, and the driver puts the answers back in order, checking that every batch came back exactly once. The
 * answers are the single-process ones whatever the partition count, since a batch is the unit both paths sample.
 */
public final class SparkChatAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(SparkChatAnswers.class);

    private SparkChatAnswers() {}

    /**
     * One model answering prompts, as {@code ChatSampler.open(modelDir).answer(prompts, config, seed)} does.
     *
     * @param modelDir the chat model's directory (a path every executor can read)
     * @param prompts the prompts, in order
     * @param config the sampling settings (batch size included)
     * @param seed the run's seed
     * @param judge whether executors also judge the answers with the arena judge
     */
    public record Request(Path modelDir, List<PromptRecord> prompts, ChatSamplingConfig config, long seed,
                          boolean judge) {

        public Request {
            if (modelDir == null || prompts == null || config == null) {
                throw new IllegalArgumentException("a request needs a model directory, prompts and a config");
            }
            prompts = List.copyOf(prompts);
        }
    }

    /**
     * The answers of each request, in request order.
     *
     * @param answers per request, one answer per prompt
     * @param judged per request, each answer's verdict (null for a request that did not ask for it)
     */
    public record Answers(List<List<String>> answers, List<List<JudgedResponse>> judged) {}

    /**
     * Answers every request in one job.
     *
     * @param partitions Spark tasks; 0 = one per batch
     * @throws org.rlhf4j.artifacts.InputException for a model directory the driver or an executor cannot read
     */
    public static Answers answer(JavaSparkContext sc, int partitions, List<Request> requests) throws IOException {
        Map<Path, ModelDir> dirs = new LinkedHashMap<>();
        for (Request r : requests) {
            Path key = r.modelDir().toAbsolutePath().normalize();
            if (!dirs.containsKey(key)) {
                dirs.put(key, ModelDir.of(r.modelDir()));
            }
        }
        if (dirs.isEmpty()) {
            return new Answers(List.of(), List.of());
        }
        ChatModels models = new ChatModels(new ArrayList<>(dirs.values()));
        List<AnswerTask> tasks = new ArrayList<>();
        List<List<String>[]> batches = new ArrayList<>();
        List<List<JudgedResponse>[]> judgedBatches = new ArrayList<>();
        for (int q = 0; q < requests.size(); q++) {
            Request r = requests.get(q);
            String dir = dirs.get(r.modelDir().toAbsolutePath().normalize()).dir();
            int size = r.config().batchSize();
            long[] seeds = ChatSampler.batchSeeds(r.seed(), ChatSampler.batches(r.prompts().size(), size));
            String config = JsonCodec.write(r.config());
            for (int k = 0; k < seeds.length; k++) {
                List<PromptRecord> batch = r.prompts().subList(k * size, Math.min(r.prompts().size(), (k + 1) * size));
                tasks.add(new AnswerTask(q, k, dir, config, JsonCodec.writeAll(batch), seeds[k], r.judge(), models));
            }
            @SuppressWarnings("unchecked")
            List<String>[] a = new List[seeds.length];
            batches.add(a);
            @SuppressWarnings("unchecked")
            List<JudgedResponse>[] j = new List[seeds.length];
            judgedBatches.add(j);
        }
        long start = System.nanoTime();
        for (AnswerResult res : SparkEngine.runTasks(sc, partitions, tasks, new AnswerJob())) {
            List<String>[] a = batches.get(res.request());
            if (a[res.batch()] != null) {
                throw new IllegalStateException("request " + res.request() + " batch " + res.batch()
                        + " came back twice from the Spark job");
            }
            a[res.batch()] = res.answers();
            if (res.judged() != null) {
                judgedBatches.get(res.request())[res.batch()] = JsonCodec.readAll(res.judged(), JudgedResponse.class);
            }
        }
        List<List<String>> answers = new ArrayList<>(requests.size());
        List<List<JudgedResponse>> judged = new ArrayList<>(requests.size());
        for (int q = 0; q < requests.size(); q++) {
            List<String> all = new ArrayList<>(requests.get(q).prompts().size());
            List<JudgedResponse> verdicts = requests.get(q).judge() ? new ArrayList<>() : null;
            for (int k = 0; k < batches.get(q).length; k++) {
                List<String> a = batches.get(q)[k];
                int expected = Math.min(requests.get(q).config().batchSize(),
                        requests.get(q).prompts().size() - k * requests.get(q).config().batchSize());
                if (a == null || a.size() != expected) {
                    throw new IllegalStateException("request " + q + " batch " + k + " did not come back whole from"
                            + " the Spark job");
                }
                all.addAll(a);
                if (verdicts != null) {
                    verdicts.addAll(judgedBatches.get(q)[k]);
                }
            }
            answers.add(all);
            judged.add(verdicts);
        }
        LOG.info("{} requests, {} batches answered on Spark in {} s", requests.size(), tasks.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return new Answers(answers, judged);
    }
}
