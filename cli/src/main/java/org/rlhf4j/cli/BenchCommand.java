package org.rlhf4j.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf bench}: training and sampling throughput of llama2.c-sized models (15M: hidden 288, 6 layers, 6 heads,
 * FFN 768; 42M: hidden 512, 8 layers, 8 heads, FFN 1376; vocabulary 32000), beside llama2.c's {@code run.c} on the
 * same shapes in the same run ({@code --llama2c}); a GEMM row (DJL float32 matmul) so batched sampling can be read
 * as a share of the machine's peak; and rows at the {@code demo} preset, the size the recipe runs at: sampling at
 * batch 1 / 64 / 256 and reward scoring. Only ratios measured in one run mean anything: machines of one kind differ.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training and KV-cache sampling tokens/s on the 15M and 42M llama2.c shapes (beside "
                + "llama2.c with --llama2c), a GEMM row, and the demo preset's sampling and reward-scoring rates.")
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Also write the numbers to this JSON file.")
    Path json;

    @Option(names = "--models", split = ",", defaultValue = "15M,42M", description = "Which sizes (15M, 42M).")
    List<String> models;

    @Option(names = "--new-tokens", defaultValue = "256", description = "Tokens sampled per row (llama2.c: steps).")
    int newTokens;

    @Option(names = "--train-steps", defaultValue = "3",
            description = "Timed training steps (after one warm-up); 0 skips training.")
    int trainSteps;

    @Option(names = "--seq-len", defaultValue = "256", description = "Training sequence length.")
    int sequenceLength;

    @Option(names = "--train-batch", defaultValue = "8", description = "Training batch (rows).")
    int trainBatch;

    @Option(names = "--sample-batch", defaultValue = "32", description = "Large sampling batch.")
    int sampleBatch;

    @Option(names = "--llama2c", paramLabel = "PATH",
            description = "A llama2.c run.c binary (gcc -Ofast -fopenmp -march=native run.c -lm -o run): runs it on "
                    + "a random checkpoint of each shape and prints its tok/s and our batch-1 ratio.")
    Path llama2c;

    @Option(names = "--pytorch", paramLabel = "PYTHON",
            description = "A Python interpreter with PyTorch (e.g. /usr/bin/python3 with Debian's python3-torch): runs"
                    + " the same KV-cache decoding in PyTorch's eager mode at batch 1 and the large batch, in the same"
                    + " rounds, and prints its tok/s, its batch ratio and ours against it.")
    Path pytorch;

    @Option(names = {"--rounds", "--pairs"}, defaultValue = "3",
            description = "Rounds of ours at batch 1, llama2.c's and PyTorch's at batch 1 (with --llama2c, "
                    + "--pytorch), ours and PyTorch's at the large batch, in turn; each ratio is taken within a "
                    + "round and medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads",
            description = "OpenMP threads for llama2.c and PyTorch (default: libtorch's thread count).")
    Integer threads;

    @Option(names = "--gemm-size", defaultValue = "2048", description = "GEMM row: n for (n×n)·(n×n); 0 skips it.")
    int gemmSize;

    @Option(names = "--demo-batches", split = ",", defaultValue = "1,64,256",
            description = "Sampling batches at the demo preset; 0 skips the demo sampling rows.")
    List<Integer> demoBatches;

    @Option(names = "--demo-new-tokens", defaultValue = "128", description = "Tokens sampled per row (demo rows).")
    int demoNewTokens;

    @Option(names = "--score-batch", defaultValue = "64",
            description = "Reward scoring: rows per forward pass (demo preset, score head); 0 skips it.")
    int scoreBatch;

    @Option(names = "--score-length", defaultValue = "256", description = "Reward scoring: longest row (tokens).")
    int scoreLength;

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
        if (rounds < 1) {
            spec.commandLine().getErr().println("rlhf bench: --rounds must be >= 1, got " + rounds);
            spec.commandLine().getErr().flush();
            return 2;
        }
        if (demoBatches.equals(List.of(0))) {
            demoBatches = List.of();
        } else if (demoBatches.stream().anyMatch(b -> b < 1)) {
            spec.commandLine().getErr().println("rlhf bench: --demo-batches must be batch sizes >= 1, or 0 alone to"
                    + " skip them, got " + demoBatches.stream().map(String::valueOf).collect(Collectors.joining(",")));
            spec.commandLine().getErr().flush();
            return 2;
        }
        for (String name : models) { // a usage error before any output, like every other command
            try {
                shape(name);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("rlhf bench: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 2;
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        PrintWriter out = spec.commandLine().getOut();
        Double gemm = null;
        if (gemmSize > 0) {
            gemm = GemmThroughput.measure(gemmSize, 2.0);
            results.put("gemm_gflops", gemm);
        }
        out.printf("%-6s %12s %12s %12s %9s %12s %8s %16s%n", "model", "train tok/s", "sample B=1",
                "sample B=" + sampleBatch, "B=" + sampleBatch + "/B=1", "llama2.c B=1", "ratio",
                "B=" + sampleBatch + " GFLOP/s");
        for (String name : models) {
            LlamaConfig config = shape(name);
            Map<String, Double> row = new LinkedHashMap<>();
            try (NDManager manager = NDManager.newBaseManager();
                    LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 1)) {
                if (trainSteps > 0) {
                    row.put("train_tokens_per_s", TrainingThroughput.measure(model, trainBatch, sequenceLength,
                            trainSteps));
                }
                // Rounds of ours, llama2.c's and PyTorch's at batch 1, then ours and PyTorch's at the large batch, in
                // turn: on a shared machine whose speed drifts by tens of percent within minutes, only numbers taken
                // side by side compare, so each ratio is taken within a round and the rounds' medians are reported.
                List<Double> single = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                List<Double> batched = new ArrayList<>();
                List<Double> vsLlama2c = new ArrayList<>();
                List<Double> batchGain = new ArrayList<>();
                PytorchRounds torch = new PytorchRounds();
                Path dir = llama2c == null && pytorch == null ? null
                        : Files.createTempDirectory("rlhf-bench-baselines");
                try {
                    for (int i = 0; i < rounds; i++) {
                        boolean warmUp = i == 0;
                        single.add(SamplingThroughput.measure(model, 1, newTokens, 2, 2, warmUp));
                        if (llama2c != null) {
                            settle();
                            theirs.add(Llama2cBaseline.measure(llama2c, config, newTokens, baselineThreads(), dir));
                            vsLlama2c.add(single.get(i) / theirs.get(i));
                        }
                        if (pytorch != null) {
                            settle();
                            torch.single.add(PytorchBaseline.measure(pytorch, config, 1, newTokens, baselineThreads(),
                                    dir));
                        }
                        batched.add(SamplingThroughput.measure(model, sampleBatch, newTokens, 2, 2, warmUp));
                        batchGain.add(batched.get(i) / single.get(i));
                        if (pytorch != null) {
                            settle();
                            torch.batched.add(PytorchBaseline.measure(pytorch, config, sampleBatch, newTokens,
                                    baselineThreads(), dir));
                            torch.add(single.get(i), batched.get(i));
                        }
                    }
                } finally {
                    if (dir != null) {
                        FileTrees.delete(dir);
                    }
                }
                row.put("sample_tokens_per_s_batch1", median(single));
                if (llama2c != null) {
                    row.put("llama2c_tokens_per_s_batch1", median(theirs));
                    row.put("ratio_batch1_vs_llama2c", median(vsLlama2c));
                }
                row.put("sample_tokens_per_s_batch" + sampleBatch, median(batched));
                row.put("ratio_batch" + sampleBatch + "_vs_batch1", median(batchGain));
                if (pytorch != null) {
                    torch.putInto(row, sampleBatch);
                }
            }
            // 2 floating-point operations per weight of every matrix a token passes through (the embedding is a
            // lookup); attention over the cache is left out.
            double flopsPerToken = 2.0 * (config.parameterCount(HeadKind.CAUSAL_LM)
                    - (long) config.vocabSize() * config.hiddenSize());
            double batched = row.get("sample_tokens_per_s_batch" + sampleBatch) * flopsPerToken / 1e9;
            row.put("sample_gflops_batch" + sampleBatch, batched);
            results.put(name, row);
            out.printf("%-6s %12s %12.1f %12.1f %8.2fx %12s %8s %16s%n", name,
                    format(row.get("train_tokens_per_s")), row.get("sample_tokens_per_s_batch1"),
                    row.get("sample_tokens_per_s_batch" + sampleBatch),
                    row.get("ratio_batch" + sampleBatch + "_vs_batch1"),
                    format(row.get("llama2c_tokens_per_s_batch1")),
                    row.containsKey("ratio_batch1_vs_llama2c")
                            ? String.format("%.2fx", row.get("ratio_batch1_vs_llama2c")) : "-",
                    gemm == null ? String.format("%.1f", batched)
                            : String.format("%.1f (%.0f%%)", batched, 100 * batched / gemm));
            if (pytorch != null) {
                String b = "batch" + sampleBatch;
                out.printf("%-6s PyTorch eager: B=1 %.1f tok/s, B=%d %.1f tok/s (B=%d/B=1 %.2fx); ours against it:"
                        + " B=1 %.2fx, B=%d %.2fx%n", name, row.get("pytorch_tokens_per_s_batch1"), sampleBatch,
                        row.get("pytorch_tokens_per_s_" + b), sampleBatch,
                        row.get("pytorch_ratio_" + b + "_vs_batch1"),
                        row.get("ratio_batch1_vs_pytorch"), sampleBatch, row.get("ratio_" + b + "_vs_pytorch"));
            }
            out.flush();
        }
        if (gemm != null) {
            out.printf("gemm   DJL float32 matmul %d x %d: %.1f GFLOP/s%n", gemmSize, gemmSize, gemm);
        }
        if (!demoBatches.isEmpty() || scoreBatch > 0) {
            results.put("demo", demoRows(out));
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
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFile.writeString(json, mapper.writeValueAsString(results) + "\n");
        }
        return 0;
    }

    /** Sampling at the demo preset (prompts of 8–48 tokens, left-padded as the stages run them) and reward scoring. */
    private Map<String, Double> demoRows(PrintWriter out) {
        LlamaConfig config = LlamaConfig.preset("demo");
        Map<String, Double> row = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            try (LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 1)) {
                for (int batch : demoBatches) {
                    double rate = SamplingThroughput.measure(model, batch, demoNewTokens, 8, 48, true);
                    row.put("sample_tokens_per_s_batch" + batch, rate);
                    out.printf("demo   sample tok/s, batch %d: %.1f%n", batch, rate);
                    out.flush();
                }
            }
            if (scoreBatch > 0) {
                try (LlamaModel scorer = LlamaModel.initialized(manager, config, HeadKind.SEQUENCE_CLASSIFICATION, 1)) {
                    double rate = ScoringThroughput.measure(scorer, scoreBatch, scoreLength / 2, scoreLength, 3);
                    row.put("reward_scoring_responses_per_s", rate);
                    out.printf("demo   reward scoring responses/s (batch %d, %d-%d tokens): %.1f%n", scoreBatch,
                            scoreLength / 2, scoreLength, rate);
                }
            }
        }
        return row;
    }

    private int baselineThreads() {
        if (threads != null) {
            return threads;
        }
        String configured = System.getProperty("ai.djl.pytorch.num_threads");
        return configured != null ? Integer.parseInt(configured) : Runtime.getRuntime().availableProcessors();
    }

    /** PyTorch's tok/s per round and the ratios taken within each round. */
    private static final class PytorchRounds {
        final List<Double> single = new ArrayList<>();
        final List<Double> batched = new ArrayList<>();
        final List<Double> batchGain = new ArrayList<>();
        final List<Double> oursSingle = new ArrayList<>();
        final List<Double> oursBatched = new ArrayList<>();

        /** This round's ratios, given ours at batch 1 and at the large batch. */
        void add(double ourSingle, double ourBatched) {
            int i = batched.size() - 1;
            batchGain.add(batched.get(i) / single.get(i));
            oursSingle.add(ourSingle / single.get(i));
            oursBatched.add(ourBatched / batched.get(i));
        }

        void putInto(Map<String, Double> row, int batch) {
            row.put("pytorch_tokens_per_s_batch1", median(single));
            row.put("pytorch_tokens_per_s_batch" + batch, median(batched));
            row.put("pytorch_ratio_batch" + batch + "_vs_batch1", median(batchGain));
            row.put("ratio_batch1_vs_pytorch", median(oursSingle));
            row.put("ratio_batch" + batch + "_vs_pytorch", median(oursBatched));
        }
    }

    /**
     * Waits until libtorch's OpenMP threads have stopped spinning after our last product, so that a baseline process
     * gets the cores to itself: beside threads spinning under {@code OMP_WAIT_POLICY=ACTIVE} llama2.c's 15M shape
     * measured 183 tok/s, alone 560. The launcher bounds the spinning ({@code GOMP_SPINCOUNT}, milliseconds).
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
    }

    /** How long {@link #settle} waits: well above the launcher's spin bound. */
    static final long SETTLE_MILLIS = 500;

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }

}
