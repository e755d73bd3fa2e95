package org.rlhf4j.ppo;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.rewardmodel.RewardModels;

/**
 * One iteration's experience (Llama 2 §3.2.3): sample one response per prompt from πθ, then for every response
 * token its sampling log-prob, π0's log-prob and the value; score each response with both reward models, combine
 * them (gated Rc), whiten (R̃c = WHITEN(LOGIT(Rc)), LOGIT the identity on raw head outputs), shape the KL penalty
 * into per-token rewards ({@link KlPenalty}), and compute GAE advantages ({@link Gae}) whitened over the batch.
 *
 * <p>Length: a response stops at EOS or at {@code max_new_tokens}; a response cut at the limit is scored like any
 * other (the reward models read it with an EOS appended, {@code RewardModelInput}) — it is neither dropped nor
 * penalised, so the reward models alone decide whether an unfinished answer is worse.
 *
 * <p>The sampling log-probs are the generator's (temperature-1 log-probs of the model that sampled); they equal a
 * training forward's to 1e-4 (tested), so no extra forward pass recomputes them.
 */
public final class Rollouts {

    /**
     * What a rollout collection measured besides the experience.
     *
     * @param helpfulnessScores (N) raw R_h
     * @param safetyScores (N) raw R_s
     * @param sequenceKl (N) Σ_t log πθ − log π0 per response
     * @param generationSeconds wall time of sampling
     * @param scoringSeconds wall time of the reference, value and reward-model passes
     */
    public record Stats(float[] helpfulnessScores, float[] safetyScores, double[] sequenceKl,
                       double generationSeconds, double scoringSeconds) {}

    /** Experience and stats. */
    public record Result(Experience experience, Stats stats) {}

    private Rollouts() {}

    /**
     * @param models the run's models
     * @param prompts the prompt records sampled for this iteration
     * @param promptIndices their indices in the training prompts (recorded in the experience)
     * @param promptTokens their chat-format ids
     * @param config PPO settings (sampling, β, γ, λ, reward function)
     * @param whitening the run's score whitener (updated with this batch)
     * @param seed sampling seed of this iteration
     */
    public static Result collect(PpoModels models, List<PromptRecord> prompts, int[] promptIndices,
                                 List<int[]> promptTokens, PpoConfig config, Whitening whitening, long seed) {
        int n = prompts.size();
        int eos = models.tokenizer().eosId();
        int pad = padId(models);
        SamplingConfig sampling = SamplingConfig.sample(config.temperature(), config.maxNewTokens()).withEos(eos, true);
        KvCacheGenerator generator = new KvCacheGenerator(models.policy());
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
        long t0 = System.nanoTime();
        List<int[]> responses = new ArrayList<>(n);
        List<float[]> logProbs = new ArrayList<>(n);
        boolean[] eosEnded = new boolean[n];
        for (int from = 0; from < n; from += config.rolloutBatchSize()) {
            List<int[]> chunk = promptTokens.subList(from, Math.min(n, from + config.rolloutBatchSize()));
            List<Completion> out = generator.generate(chunk, sampling, seeds.nextLong());
            for (int i = 0; i < out.size(); i++) {
                Completion c = out.get(i);
                responses.add(c.tokens());
                logProbs.add(c.modelLogProbs());
                eosEnded[from + i] = c.endedWithEos();
            }
        }
        long t1 = System.nanoTime();
        List<float[]> referenceLogProbs = new ArrayList<>(n);
        List<float[]> values = new ArrayList<>(n);
        JniUtils.setGradMode(false);
        for (int from = 0; from < n; from += config.miniBatchSize()) {
            int to = Math.min(n, from + config.miniBatchSize());
            ResponseBatch batch = new ResponseBatch(promptTokens.subList(from, to), responses.subList(from, to));
            try (NDManager m = models.manager().newSubManager(); NDScope scope = new NDScope()) {
                referenceLogProbs.addAll(batch.perResponse(SequenceForward.logProbs(models.reference(), batch, m,
                        pad)));
                values.addAll(batch.perResponse(SequenceForward.values(models.value(), batch, m, pad)));
            }
        }
        RewardModels.Scores scores = models.rewardModels().scoresOfTokens(promptTokens, responses);
        boolean[] isSafety = new boolean[n];
        for (int i = 0; i < n; i++) {
            isSafety[i] = prompts.get(i).isSafety();
        }
        float[] rawScores = config.reward().rewards(scores.helpfulness(), scores.safety(), isSafety);
        float[] whitened = whitening.whitenScores(rawScores);
        long t2 = System.nanoTime();

        List<float[]> rewards = new ArrayList<>(n);
        List<float[]> advantages = new ArrayList<>(n);
        List<float[]> returns = new ArrayList<>(n);
        double[] sequenceKl = new double[n];
        for (int i = 0; i < n; i++) {
            float[] r = KlPenalty.rewards(logProbs.get(i), referenceLogProbs.get(i), whitened[i], config.klBeta());
            Gae.Result gae = Gae.compute(r, values.get(i), config.gamma(), config.gaeLambda());
            rewards.add(r);
            advantages.add(gae.advantages());
            returns.add(gae.returns());
            sequenceKl[i] = KlPenalty.sequenceKl(logProbs.get(i), referenceLogProbs.get(i));
        }
        Experience experience = new Experience(promptIndices.clone(), List.copyOf(promptTokens), responses,
                eosEnded, logProbs, referenceLogProbs, values, rawScores, whitened, rewards,
                Whitening.whitenBatch(advantages), returns);
        return new Result(experience, new Stats(scores.helpfulness(), scores.safety(), sequenceKl,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9));
    }

    /** The id right-padding uses in training forwards (never attended to by a real position; 0 unless set). */
    static int padId(PpoModels models) {
        Integer pad = models.policy().config().padTokenId();
        return pad != null ? pad : 0;
    }
}
