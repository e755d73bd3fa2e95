package org.rlhf4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.PreferenceSampler;
import org.rlhf4j.eval.PreferenceSamplingConfig;
import org.rlhf4j.eval.SamplingVariant;

/**
 * Preference-batch sampling ({@link PreferenceSampler#sample}) as a Spark job: the driver makes the same draws
 * ({@link PreferenceSampler#plan}: the prompt subset, each prompt's pair of variants, each variant's seed); each
 * variant's prompts go out in the batches the single-process sampler decodes together, each with its batch seed
 * ({@link SparkChatAnswers}) — a variant's answers depend on how its prompts are batched, so the Spark tasks are
 * exactly those batches, never another cut. The comparison tasks are the single-process ones, byte for byte in the
 * tasks file, whatever the partition count.
 */
public final class SparkPreferenceSampling {

    private SparkPreferenceSampling() {}

    /** {@link #sample(JavaSparkContext, int, List, PreferenceSamplingConfig, long)} on a context started (and
     *  stopped) for this call. */
    public static List<ComparisonTask> sample(SparkEngine engine, List<PromptRecord> prompts,
                                              PreferenceSamplingConfig config, long seed) throws IOException {
        SparkRejectionSampling.requireModelDirs(config.variants().stream().map(SamplingVariant::modelDir)
                .toArray(Path[]::new));
        try (JavaSparkContext sc = engine.start("rlhf preferences sample")) {
            return sample(sc, engine.partitions(), prompts, config, seed);
        }
    }

    /**
     * The comparison tasks of {@link PreferenceSampler#sample}{@code (prompts, config, seed)}, sampled on {@code sc}.
     *
     * @param partitions Spark tasks; 0 = one per batch
     */
    public static List<ComparisonTask> sample(JavaSparkContext sc, int partitions, List<PromptRecord> prompts,
                                              PreferenceSamplingConfig config, long seed) throws IOException {
        PreferenceSampler.Plan plan = PreferenceSampler.plan(prompts, config, seed);
        List<SparkChatAnswers.Request> requests = new ArrayList<>();
        for (int v = 0; v < config.variants().size(); v++) {
            requests.add(new SparkChatAnswers.Request(config.variants().get(v).modelDir(), plan.promptsOf(v),
                    plan.sampling(v), plan.variantSeeds()[v], false));
        }
        return plan.tasks(SparkChatAnswers.answer(sc, partitions, requests).answers());
    }
}
