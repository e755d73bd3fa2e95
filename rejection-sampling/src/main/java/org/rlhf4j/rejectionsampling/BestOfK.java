package org.rlhf4j.rejectionsampling;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.rewardmodel.RewardModels;

/**
 * Best-of-K (Llama 2 §3.2.3): K answers per prompt from the policy with the KV-cache generator, each scored by the
 * reward models and the reward function; the highest-reward answer is the prompt's new gold answer
 * ({@link #best}).
 *
 * <p>Prompts are decoded {@code promptsPerBatch} at a time, K rows each (prompts × K rows per batch), and each batch
 * is scored as one list. Sample j of prompt p draws from its own random stream seeded with
 * {@link SampleSeeds#of}(seed, p.id, j), so a sample depends on its prompt, index and the run seed only — not on
 * which other prompts share its batch.
 */
public final class BestOfK {

    private final LlamaModel policy;
    private final ChatFormat format;
    private final KvCacheGenerator generator;
    private final RewardModels rewardModels;
    private final RewardFunction rewardFunction;
    private final int k;
    private final int maxNewTokens;
    private final int promptsPerBatch;
    private final int eosId;
    private final SampleProvenance provenance;
    private long sampledTokens;
    private long samples;
    private double samplingSeconds;
    private double scoringSeconds;

    /**
     * @param policy the policy (causal-LM head)
     * @param tokenizer its tokenizer, shared with the reward models
     * @param rewardModels the helpfulness and safety reward models
     * @param config K, the token limit, the batch shape and the reward function
     * @param provenance written with every prompt's samples (temperature and seed are filled in per call)
     */
    public BestOfK(LlamaModel policy, LlamaTokenizer tokenizer, RewardModels rewardModels,
                   RejectionSamplingConfig config, SampleProvenance provenance) {
        this.policy = policy;
        this.format = new ChatFormat(tokenizer);
        this.generator = new KvCacheGenerator(policy);
        this.rewardModels = rewardModels;
        this.rewardFunction = config.rewardFunction();
        this.k = config.k();
        this.maxNewTokens = config.maxNewTokens();
        this.promptsPerBatch = config.promptsPerBatch();
        this.eosId = tokenizer.eosId();
        this.provenance = provenance;
    }

    /**
     * K scored samples for every prompt, in prompt order.
     *
     * @param prompts prompt records (unique ids)
     * @param temperature sampling temperature, &gt; 0
     * @param seed the run seed the sample seeds derive from
     */
    public List<PoolRecord> sample(List<PromptRecord> prompts, double temperature, long seed) {
        SamplingConfig sampling = SamplingConfig.sample(temperature, maxNewTokens).withEos(eosId, true);
        List<PoolRecord> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += promptsPerBatch) {
            List<PromptRecord> batch = prompts.subList(from, Math.min(prompts.size(), from + promptsPerBatch));
            out.addAll(sampleBatch(batch, sampling, temperature, seed));
        }
        return out;
    }

    private List<PoolRecord> sampleBatch(List<PromptRecord> batch, SamplingConfig sampling, double temperature,
                                         long seed) {
        int rows = batch.size() * k;
        List<int[]> ids = new ArrayList<>(rows);
        long[] seeds = new long[rows];
        List<PromptRecord> rowPrompts = new ArrayList<>(rows);
        for (int p = 0; p < batch.size(); p++) {
            PromptRecord prompt = batch.get(p);
            int[] encoded = format.samplingPrompt(prompt, maxNewTokens, policy.config().maxPositions());
            for (int j = 0; j < k; j++) {
                ids.add(encoded);
                seeds[p * k + j] = SampleSeeds.of(seed, prompt.id(), j);
                rowPrompts.add(prompt);
            }
        }
        long start = System.nanoTime();
        List<Completion> completions = generator.generate(ids, sampling, seeds);
        samplingSeconds += (System.nanoTime() - start) / 1e9;
        List<String> texts = new ArrayList<>(rows);
        for (Completion c : completions) {
            texts.add(format.decodeAnswer(c.tokens()));
            sampledTokens += c.tokens().length;
        }
        samples += rows;
        start = System.nanoTime();
        RewardModels.Scores scores = rewardModels.scores(rowPrompts, texts);
        boolean[] isSafety = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            isSafety[r] = rowPrompts.get(r).isSafety();
        }
        float[] rewards = rewardFunction.rewards(scores.helpfulness(), scores.safety(), isSafety);
        scoringSeconds += (System.nanoTime() - start) / 1e9;
        List<PoolRecord> out = new ArrayList<>(batch.size());
        for (int p = 0; p < batch.size(); p++) {
            List<ScoredSample> scored = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                int r = p * k + j;
                Completion c = completions.get(r);
                scored.add(new ScoredSample(j, seeds[r], texts.get(r), c.tokens().length, c.endedWithEos(),
                        scores.helpfulness()[r], scores.safety()[r], rewards[r]));
            }
            out.add(new PoolRecord(batch.get(p), provenance.at(temperature, seed), scored));
        }
        return out;
    }

    /**
     * The gold answer among samples: the highest reward among answers that can be a demonstration (not blank, no
     * chat tag, which the chat format refuses); ties go to the earlier candidate. Null when none can.
     */
    public static ScoredSample best(List<ScoredSample> candidates) {
        ScoredSample best = null;
        for (ScoredSample s : candidates) {
            if (canBeDemonstration(s.text()) && (best == null || s.reward() > best.reward())) {
                best = s;
            }
        }
        return best;
    }

    /** Whether an answer can be an SFT demonstration: not blank and free of the chat format's tags. */
    public static boolean canBeDemonstration(String text) {
        if (text.isBlank()) {
            return false;
        }
        for (String tag : ChatFormat.SPECIAL_TAGS) {
            if (text.contains(tag)) {
                return false;
            }
        }
        return true;
    }

    /** The provenance written with samples (temperature and seed as constructed; see {@link SampleProvenance#at}). */
    public SampleProvenance provenance() {
        return provenance;
    }

    /** What sampling and scoring have cost so far. */
    public Throughput throughput() {
        return new Throughput(samples, sampledTokens, samplingSeconds, scoringSeconds);
    }

    /**
     * Counters of a sampler.
     *
     * @param samples answers sampled
     * @param tokens tokens sampled (EOS included)
     * @param samplingSeconds time in the generator
     * @param scoringSeconds time in the reward models
     */
    public record Throughput(long samples, long tokens, double samplingSeconds, double scoringSeconds) {

        /** Sampled tokens per second of generator time. */
        public double tokensPerSecond() {
            return samplingSeconds > 0 ? tokens / samplingSeconds : 0;
        }

        /** Scored responses per second of reward-model time. */
        public double responsesPerSecond() {
            return scoringSeconds > 0 ? samples / scoringSeconds : 0;
        }

        /** Sampling and scoring seconds together. */
        public double seconds() {
            return samplingSeconds + scoringSeconds;
        }
    }
}
