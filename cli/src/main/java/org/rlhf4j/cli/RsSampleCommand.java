package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.TemperatureSweep;
import org.rlhf4j.spark.SparkRejectionSampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf rs sample --policy DIR --prompts F --helpfulness-rm DIR --safety-rm DIR --out DIR}: temperature sweep
 * and best-of-K over the prompts, scored by the reward models; writes {@code pool.jsonl}, {@code shards/} and
 * {@code sweep/}. Finished shards are skipped on a re-run. {@code --engine spark [--master URL]} runs the sampling
 * as Spark jobs ({@link SparkRejectionSampling}; the same files, byte for byte).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Sweep the temperature, then sample K answers per prompt and score them (the pool).")
public final class RsSampleCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--policy", required = true, description = "The sampling model's directory (with tokenizer.json).")
    Path policy;

    @Option(names = "--prompts", required = true, description = "Prompts (JSON Lines, prompts format).")
    Path prompts;

    @Option(names = "--helpfulness-rm", required = true, description = "Helpfulness reward-model directory.")
    Path helpfulnessRm;

    @Option(names = "--safety-rm", required = true, description = "Safety reward-model directory.")
    Path safetyRm;

    @Option(names = "--out", required = true, description = "The iteration's directory.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin RsOptions options;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            RejectionSamplingConfig config = options.resolve();
            RejectionSampling.SampleResult r = engine.spark()
                    ? SparkRejectionSampling.sample(engine.sparkEngine(), policy, helpfulnessRm, safetyRm, prompts,
                            config, out, seed)
                    : RejectionSampling.sample(policy, helpfulnessRm, safetyRm, prompts, config, out, seed);
            print(spec.commandLine().getOut(), r, out);
            return 0;
        } catch (Exception e) {
            err.println("rlhf rs sample: " + e.getMessage());
            return 1;
        }
    }

    static void print(PrintWriter out, RejectionSampling.SampleResult r, Path dir) {
        for (TemperatureSweep.Curve c : r.sweep()) {
            int k = c.expectedMax().length;
            out.printf("temperature %.2f: expected max reward of N=1/%d: %.4f / %.4f, median %.4f / %.4f%n",
                    c.temperature(), k, c.expectedMax()[0], c.maxAtK(), c.expectedMedian()[0],
                    c.expectedMedian()[k - 1]);
        }
        out.printf("temperature %.2f; best-of-K over %d prompts: %d samples, %d tokens, %.1f s (%.0f tokens/s sampling,"
                        + " %.0f responses/s scoring)%n", r.temperature(), r.prompts(), r.samples(), r.tokens(),
                r.wallSeconds(), r.tokensPerSecond(), r.responsesPerSecond());
        out.printf("pool in %s%n", dir.resolve(RejectionSampling.POOL));
        out.flush();
    }
}
