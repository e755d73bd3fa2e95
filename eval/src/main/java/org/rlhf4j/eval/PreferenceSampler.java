package org.rlhf4j.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PromptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes comparison tasks from the latest models (paper §3.2.1): for each prompt, two responses from two different
 * {@link SamplingVariant}s (model and temperature), to be labelled by annotators, simulated or human.
 *
 * <p>Procedure, a function of (prompts, models, config, seed): a seeded subset of {@code maxPrompts} prompts (all
 * when 0), kept in file order; for prompt i a seeded uniform ordered pair (a, b) of distinct variants; then each
 * variant answers all the prompts it was drawn for, in batches ({@link ChatSampler#answer}), with its own seed, so
 * every model directory is loaded once and the answers do not depend on the other variants' work.
 */
public final class PreferenceSampler {

    private static final Logger LOG = LoggerFactory.getLogger(PreferenceSampler.class);

    /** What an empty completion is written as (the tasks format needs non-blank responses). */
    public static final String EMPTY_RESPONSE = "(no answer)";

    private PreferenceSampler() {}

    /** Opens a model directory for sampling; tests substitute in-memory models. */
    @FunctionalInterface
    public interface ModelOpener {
        ChatSampler open(Path modelDir) throws IOException;
    }

    /** Samples the tasks, opening each variant's model directory with {@link ChatSampler#open}. */
    public static List<ComparisonTask> sample(List<PromptRecord> prompts, PreferenceSamplingConfig config, long seed)
            throws IOException {
        return sample(prompts, config, seed, ChatSampler::open);
    }

    /** Samples the tasks, opening model directories with {@code opener}. */
    public static List<ComparisonTask> sample(List<PromptRecord> prompts, PreferenceSamplingConfig config, long seed,
                                              ModelOpener opener) throws IOException {
        Plan plan = plan(prompts, config, seed);
        int k = config.variants().size();
        List<List<String>> answers = new ArrayList<>(Collections.nCopies(k, null));
        Map<Path, List<Integer>> byModel = new LinkedHashMap<>();
        for (int v = 0; v < k; v++) {
            byModel.computeIfAbsent(config.variants().get(v).modelDir(), d -> new ArrayList<>()).add(v);
        }
        for (Map.Entry<Path, List<Integer>> model : byModel.entrySet()) {
            try (ChatSampler sampler = opener.open(model.getKey())) {
                for (int v : model.getValue()) {
                    List<PromptRecord> mine = plan.promptsOf(v);
                    SamplingVariant variant = config.variants().get(v);
                    LOG.info("variant {} ({} at temperature {}): {} responses", v, variant.name(),
                            variant.temperature(), mine.size());
                    answers.set(v, sampler.answer(mine, config.sampling(variant), plan.variantSeeds()[v]));
                }
            }
        }
        return plan.tasks(answers);
    }

    /**
     * The draws of {@link #sample}, made before any model answers: the prompts used, each one's ordered pair of
     * variants and each variant's sampling seed. Variant v answers {@link #promptsOf}(v) with
     * {@code ChatSampler.answer(promptsOf(v), config.sampling(v), variantSeeds[v])} (batches of that list, so its
     * batches can be answered apart, see {@link ChatSampler#answerBatch}); {@link #tasks} puts the answers together.
     */
    public static Plan plan(List<PromptRecord> prompts, PreferenceSamplingConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<PromptRecord> chosen = subset(prompts, config.maxPrompts(), new SplittableRandom(rng.nextLong()));
        int k = config.variants().size();
        int[][] variantOf = new int[chosen.size()][2];
        SplittableRandom pairs = new SplittableRandom(rng.nextLong());
        for (int i = 0; i < chosen.size(); i++) {
            int a = pairs.nextInt(k);
            variantOf[i][0] = a;
            variantOf[i][1] = (a + 1 + pairs.nextInt(k - 1)) % k;
        }
        long[] variantSeeds = new long[k];
        for (int v = 0; v < k; v++) {
            variantSeeds[v] = rng.nextLong();
        }
        return new Plan(config, chosen, variantOf, variantSeeds);
    }

    /**
     * The draws of one batch of comparison tasks ({@link #plan}).
     *
     * @param config the batch's config
     * @param chosen the prompts used, in file order
     * @param variantOf per chosen prompt, the indices of its variants a and b
     * @param variantSeeds per variant, its sampling seed
     */
    public record Plan(PreferenceSamplingConfig config, List<PromptRecord> chosen, int[][] variantOf,
                       long[] variantSeeds) {

        /** The prompts variant {@code v} answers, in order (a prompt drawn for both slots would appear twice). */
        public List<PromptRecord> promptsOf(int v) {
            List<PromptRecord> mine = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                for (int slot = 0; slot < 2; slot++) {
                    if (variantOf[i][slot] == v) {
                        mine.add(chosen.get(i));
                    }
                }
            }
            return mine;
        }

        /** The chat sampling settings of variant {@code v}. */
        public ChatSamplingConfig sampling(int v) {
            return config.sampling(config.variants().get(v));
        }

        /**
         * The comparison tasks, given each variant's answers to {@link #promptsOf} it (in that order).
         *
         * @throws IllegalArgumentException when a variant's answers do not match its prompts in number
         */
        public List<ComparisonTask> tasks(List<List<String>> answers) {
            String[][] responses = new String[chosen.size()][2];
            for (int v = 0; v < config.variants().size(); v++) {
                List<String> mine = answers.get(v);
                int j = 0;
                for (int i = 0; i < chosen.size(); i++) {
                    for (int slot = 0; slot < 2; slot++) {
                        if (variantOf[i][slot] == v) {
                            if (j >= mine.size()) {
                                throw new IllegalArgumentException("variant " + v + ": " + mine.size()
                                        + " answers for more prompts");
                            }
                            responses[i][slot] = mine.get(j++);
                        }
                    }
                }
                if (j != mine.size()) {
                    throw new IllegalArgumentException("variant " + v + ": " + mine.size() + " answers for " + j
                            + " prompts");
                }
            }
            List<ComparisonTask> tasks = new ArrayList<>(chosen.size());
            for (int i = 0; i < chosen.size(); i++) {
                PromptRecord p = chosen.get(i);
                SamplingVariant a = config.variants().get(variantOf[i][0]);
                SamplingVariant b = config.variants().get(variantOf[i][1]);
                tasks.add(new ComparisonTask(config.batch() + "-" + p.id(), p.messages(), p.isSafety(),
                        p.category(), nonBlank(responses[i][0]), a.name(), a.temperature(),
                        nonBlank(responses[i][1]), b.name(), b.temperature()));
            }
            return tasks;
        }
    }

    /**
     * An empty completion (the model ended at once) is written as a visible marker, since the tasks format (like a
     * human annotator's screen) needs some text; the judge scores it like any unhelpful answer.
     */
    static String nonBlank(String response) {
        return response.isBlank() ? EMPTY_RESPONSE : response;
    }

    /** A seeded subset of {@code max} prompts in file order (all when {@code max} is 0 or not below the size). */
    static List<PromptRecord> subset(List<PromptRecord> prompts, int max, SplittableRandom rng) {
        if (max == 0 || max >= prompts.size()) {
            return List.copyOf(prompts);
        }
        int[] order = new int[prompts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] keep = Arrays.copyOf(order, max);
        Arrays.sort(keep);
        List<PromptRecord> out = new ArrayList<>(max);
        for (int i : keep) {
            out.add(prompts.get(i));
        }
        return out;
    }
}
