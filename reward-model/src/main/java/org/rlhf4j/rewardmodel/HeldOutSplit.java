package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;

/**
 * The held-out test part of every batch of collected pairs (Llama 2 §3.2.2: "we held out 1000 examples [per batch]
 * as a test set"); the test parts of all batches form the helpfulness and safety test sets.
 *
 * <p>The split is by prompt, so no prompt of a test pair is trained on (a batch often holds several pairs per
 * prompt): prompts are ordered by SHA-256 of (seed, prompt text) and taken into the test part until it holds at least
 * {@code testPairsPerBatch} pairs, or {@code maxTestFraction} of the batch when that is smaller (a small batch still
 * trains). A pure function of the batch and the seed, so training and evaluation find the same test pairs.
 *
 * @param testPairsPerBatch pairs held out per batch (paper: 1000)
 * @param maxTestFraction most of a batch that is held out, in [0, 1)
 */
public record HeldOutSplit(
        @JsonProperty("test_pairs_per_batch") int testPairsPerBatch,
        @JsonProperty("max_test_fraction") double maxTestFraction) {

    public HeldOutSplit {
        if (testPairsPerBatch < 0) {
            throw new IllegalArgumentException("test_pairs_per_batch must be >= 0, got " + testPairsPerBatch);
        }
        if (!(maxTestFraction >= 0 && maxTestFraction < 1)) {
            throw new IllegalArgumentException("max_test_fraction must be in [0, 1), got " + maxTestFraction);
        }
    }

    /** The paper's 1000 pairs per batch, at most 20% of a batch. */
    public static HeldOutSplit llama2() {
        return new HeldOutSplit(1000, 0.2);
    }

    /** A batch cut into its training and test parts, each in the batch's order. */
    public record Parts(List<PreferencePair> train, List<PreferencePair> test) {}

    /** Splits one batch (one pairs file). */
    public Parts split(List<PreferencePair> batch, long seed) {
        int target = (int) Math.min(testPairsPerBatch, Math.floor(maxTestFraction * batch.size()));
        Map<String, List<Integer>> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byPrompt.computeIfAbsent(promptKey(batch.get(i).prompt()), k -> new ArrayList<>()).add(i);
        }
        List<String> prompts = new ArrayList<>(byPrompt.keySet());
        Map<String, String> order = new LinkedHashMap<>();
        for (String p : prompts) {
            order.put(p, Sha256.of((seed + "\n" + p).getBytes(StandardCharsets.UTF_8)));
        }
        prompts.sort(Comparator.comparing(order::get));
        boolean[] test = new boolean[batch.size()];
        int taken = 0;
        for (String p : prompts) {
            if (taken >= target) {
                break;
            }
            for (int i : byPrompt.get(p)) {
                test[i] = true;
                taken++;
            }
        }
        List<PreferencePair> trainPart = new ArrayList<>();
        List<PreferencePair> testPart = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            (test[i] ? testPart : trainPart).add(batch.get(i));
        }
        return new Parts(trainPart, testPart);
    }

    /** The prompt dialog as one string (roles and contents), the unit kept on one side of the split. */
    static String promptKey(List<Message> prompt) {
        StringBuilder sb = new StringBuilder();
        for (Message m : prompt) {
            sb.append(m.role().json()).append('\u0000').append(m.content()).append('\u0001');
        }
        return sb.toString();
    }
}
