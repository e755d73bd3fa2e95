package org.rlhf4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.rewardmodel.RewardModelForward;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf bench}: training and sampling throughput of llama2.c-sized models (15M: hidden 288, 6 layers, 6 heads,
 * FFN 768; 42M: hidden 512, 8 layers, 8 heads, FFN 1376; vocabulary 32000), printed as a table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training and KV-cache sampling tokens/s on the 15M and 42M llama2.c shapes.")
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Also write the numbers to this JSON file.")
    Path json;

    @Option(names = "--models", split = ",", defaultValue = "15M,42M", description = "Which sizes (15M, 42M).")
    List<String> models;

    @Option(names = "--new-tokens", defaultValue = "256", description = "Tokens sampled per row.")
    int newTokens;

    @Option(names = "--train-steps", defaultValue = "3", description = "Timed training steps (after one warm-up).")
    int trainSteps;

    @Option(names = "--seq-len", defaultValue = "256", description = "Training sequence length.")
    int sequenceLength;

    @Option(names = "--train-batch", defaultValue = "8", description = "Training batch (rows).")
    int trainBatch;

    @Option(names = "--sample-batch", defaultValue = "32", description = "Large sampling batch.")
    int sampleBatch;

    @Option(names = "--best-of-k", split = ",", paramLabel = "<batch>",
            description = "Also measure best-of-K on the demo preset: sampling tok/s at these batch sizes (rows ="
                    + " prompts x K; e.g. 1,64,256) and reward-model scoring responses/s.")
    List<Integer> bestOfKBatches = List.of();

    @Option(names = "--rm-pairs", defaultValue = "32",
            description = "Reward model (demo preset): pairs per timed update (0: skip the reward-model row).")
    int rmPairs;

    @Option(names = "--rm-responses", defaultValue = "256", description = "Reward model: responses scored.")
    int rmResponses;

    @Option(names = "--rm-tokens", defaultValue = "64", description = "Reward model: tokens per row (at most).")
    int rmTokens;

    static LlamaConfig shape(String name) {
        return switch (name) {
            case "15M" -> new LlamaConfig(288, 6, 6, 6, 48, 768, 32000, 1024, 10000.0, 1e-5);
            case "42M" -> new LlamaConfig(512, 8, 8, 8, 64, 1376, 32000, 1024, 10000.0, 1e-5);
            default -> throw new IllegalArgumentException("unknown bench model " + name + " (15M or 42M)");
        };
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("%-6s %16s %22s %23s%n", "model", "train tok/s", "sample tok/s (B=1)",
                "sample tok/s (B=" + sampleBatch + ")");
        for (String name : models) {
            LlamaConfig config = shape(name);
            try (NDManager manager = NDManager.newBaseManager();
                    LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 1)) {
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("train_tokens_per_s", TrainingThroughput.measure(model, trainBatch, sequenceLength,
                        trainSteps));
                row.put("sample_tokens_per_s_batch1", sample(model, 1));
                row.put("sample_tokens_per_s_batch" + sampleBatch, sample(model, sampleBatch));
                results.put(name, row);
                List<Double> v = new ArrayList<>(row.values());
                out.printf("%-6s %16.1f %22.1f %23.1f%n", name, v.get(0), v.get(1), v.get(2));
            }
        }
        if (rmPairs > 0) {
            LlamaConfig demo = LlamaConfig.preset("demo");
            try (NDManager manager = NDManager.newBaseManager();
                    LlamaModel rm = LlamaModel.initialized(manager, demo, HeadKind.SEQUENCE_CLASSIFICATION, 1)) {
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("train_pairs_per_s", RewardModelThroughput.trainingPairsPerSecond(rm, rmPairs, rmTokens,
                        trainSteps));
                row.put("score_responses_per_s", RewardModelThroughput.scoringResponsesPerSecond(rm, rmResponses,
                        rmTokens));
                results.put("rm-demo", row);
                out.printf("reward model (demo preset, rows <= %d tokens): training %.1f pairs/s (%d pairs per update),"
                        + " scoring %.1f responses/s%n", rmTokens, row.get("train_pairs_per_s"), rmPairs,
                        row.get("score_responses_per_s"));
            }
        }
        if (!bestOfKBatches.isEmpty()) {
            results.put("demo-best-of-k", bestOfK(out));
        }
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFile.writeString(json, mapper.writeValueAsString(results) + "\n");
        }
        return 0;
    }

    /**
     * The demo preset in best-of-K's shape: 20-token prompts, {@code --new-tokens} sampled per row at each batch
     * size, then a reward model of the same shape scoring the rows (micro-batches of 32).
     */
    private Map<String, Double> bestOfK(java.io.PrintWriter out) {
        LlamaConfig config = LlamaConfig.preset("demo");
        Map<String, Double> row = new LinkedHashMap<>();
        out.printf("%nbest-of-K on the demo preset (20-token prompts, %d new tokens a row)%n", newTokens);
        out.printf("%-8s %16s %20s%n", "batch", "sample tok/s", "RM responses/s");
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel policy = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 1);
                LlamaModel rm = LlamaModel.initialized(manager, config, HeadKind.SEQUENCE_CLASSIFICATION, 2)) {
            for (int batch : bestOfKBatches) {
                double tokens = sample(policy, batch, 20);
                List<int[]> rows = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int[] ids = new int[20 + newTokens];
                    for (int t = 0; t < ids.length; t++) {
                        ids[t] = 3 + (i * 31 + t * 7) % (config.vocabSize() - 3);
                    }
                    rows.add(ids);
                }
                long start = System.nanoTime();
                for (int from = 0; from < rows.size(); from += 32) {
                    try (NDManager step = manager.newSubManager()) {
                        RewardModelForward.scores(rm, step, rows.subList(from, Math.min(rows.size(), from + 32)))
                                .toFloatArray();
                    }
                }
                double responses = batch / ((System.nanoTime() - start) / 1e9);
                row.put("sample_tokens_per_s_batch" + batch, tokens);
                row.put("rm_responses_per_s_batch" + batch, responses);
                out.printf("%-8d %16.1f %20.1f%n", batch, tokens, responses);
                out.flush();
            }
        }
        return row;
    }

    private double sample(LlamaModel model, int batch) {
        return sample(model, batch, 2);
    }

    /** Tokens per second generated with the KV cache, temperature 1, no truncation, no EOS stop. */
    private double sample(LlamaModel model, int batch, int promptLength) {
        KvCacheGenerator generator = new KvCacheGenerator(model);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int[] prompt = new int[promptLength];
            prompt[0] = 1;
            for (int t = 1; t < promptLength; t++) {
                prompt[t] = (100 + i + 13 * t) % model.config().vocabSize();
            }
            prompts.add(prompt);
        }
        SamplingConfig sampling = SamplingConfig.sample(1.0, newTokens).withEos(-1, false);
        generator.generate(prompts, sampling, 0); // warm-up: a full run, so the JIT and allocator are in steady state
        long start = System.nanoTime();
        int produced = generator.generate(prompts, sampling, 1).stream().mapToInt(c -> c.tokens().length).sum();
        return produced / ((System.nanoTime() - start) / 1e9);
    }
}
