package org.rlhf4j.model.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.TokenLogProbs;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;

/**
 * Compares this implementation with what Hugging Face transformers computed from the same weights. The folder holds
 * {@code causal-lm/} (a {@code LlamaForCausalLM}), optionally {@code reward-model/} (a
 * {@code LlamaForSequenceClassification}) and {@code reference.json} with {@code input_ids}, {@code logits},
 * {@code token_logprobs}, {@code mean_nll_loss}, {@code greedy_prompt}, {@code greedy_continuation} and, for the
 * reward model, {@code rm_input_ids}, {@code rm_lengths} and {@code rm_scores}.
 */
public final class ParityCheck {

    private ParityCheck() {}

    public static ParityReport run(Path folder) throws IOException {
        Path referenceFile = folder.resolve("reference.json");
        if (!Files.isRegularFile(referenceFile)) {
            throw new IOException(referenceFile + ": missing (expected the reference values of transformers)");
        }
        JsonNode ref = new ObjectMapper().readTree(referenceFile.toFile());
        try (NDManager manager = NDManager.newBaseManager();
                LlamaModel lm = LlamaModel.load(manager, folder.resolve("causal-lm"))) {
            long[][] ids = matrix(ref, "input_ids", referenceFile);
            int b = ids.length;
            int t = ids[0].length;
            NDArray input = manager.create(flatten(ids)).reshape(b, t);
            NDArray logits = lm.logits(lm.hiddenStates(input, null, AttentionMask.causal(manager, t), null));
            double logitError = maxError(logits.toFloatArray(), field(ref, "logits", referenceFile));
            float[] logProbs = TokenLogProbs.of(logits.get(":, :-1, :"), input.get(":, 1:")).toFloatArray();
            double logProbError = maxError(logProbs, field(ref, "token_logprobs", referenceFile));
            double meanNll = 0;
            for (float lp : logProbs) {
                meanNll -= lp;
            }
            meanNll /= logProbs.length;
            double lossError = Math.abs(meanNll - field(ref, "mean_nll_loss", referenceFile).asDouble());

            int[] prompt = toInts(field(ref, "greedy_prompt", referenceFile));
            int[] expected = toInts(field(ref, "greedy_continuation", referenceFile));
            int[] greedy = new KvCacheGenerator(lm)
                    .generate(List.of(prompt), SamplingConfig.greedy(expected.length).withEos(-1, false), 0)
                    .get(0).tokens();

            double rewardError = Double.NaN;
            if (Files.isDirectory(folder.resolve("reward-model"))) {
                try (LlamaModel rm = LlamaModel.load(manager, folder.resolve("reward-model"))) {
                    if (rm.headKind() != HeadKind.SEQUENCE_CLASSIFICATION) {
                        throw new IOException(folder.resolve("reward-model") + ": not a sequence-classification model");
                    }
                    long[][] rmIds = matrix(ref, "rm_input_ids", referenceFile);
                    int[] lengths = toInts(field(ref, "rm_lengths", referenceFile));
                    int rt = rmIds[0].length;
                    NDArray rmInput = manager.create(flatten(rmIds)).reshape(rmIds.length, rt);
                    // Right padding needs no mask: causal attention keeps real tokens from seeing the pads after them.
                    float[] scores = rm.scores(
                            rm.hiddenStates(rmInput, null, AttentionMask.causal(manager, rt), null), lengths)
                            .toFloatArray();
                    rewardError = maxError(scores, field(ref, "rm_scores", referenceFile));
                }
            }
            return new ParityReport(logitError, logProbError, lossError, rewardError, expected, greedy);
        }
    }

    private static JsonNode field(JsonNode ref, String name, Path file) throws IOException {
        JsonNode node = ref.get(name);
        if (node == null) {
            throw new IOException(file + ": missing field '" + name + "'");
        }
        return node;
    }

    private static long[][] matrix(JsonNode ref, String name, Path file) throws IOException {
        JsonNode rows = field(ref, name, file);
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = new long[rows.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = rows.get(i).get(j).asLong();
            }
        }
        return out;
    }

    private static long[] flatten(long[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
    }

    private static int[] toInts(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Max |actual − expected| where expected is a nested JSON array flattened in row-major order. */
    private static double maxError(float[] actual, JsonNode expected) {
        double[] flat = new double[actual.length];
        int n = flattenInto(expected, flat, 0);
        if (n != actual.length) {
            throw new IllegalArgumentException("reference holds " + n + " values, computed " + actual.length);
        }
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - flat[i]));
        }
        return max;
    }

    private static int flattenInto(JsonNode node, double[] out, int at) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                at = flattenInto(child, out, at);
            }
            return at;
        }
        if (at < out.length) {
            out[at] = node.asDouble();
        }
        return at + 1;
    }
}
