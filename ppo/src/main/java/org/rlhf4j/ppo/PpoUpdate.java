package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.Ops;
import org.rlhf4j.training.AdamW;
import org.rlhf4j.training.GlobalNormClipping;
import org.rlhf4j.training.GradientTape;
import org.rlhf4j.training.TrainingRandom;

/**
 * The update half of a PPO iteration (Llama 2 §3.2.3): the experience is shuffled into mini-batches of
 * {@code mini_batch_size} responses and each mini-batch takes exactly one gradient step of the policy and one of the
 * value model (one pass over the experience).
 *
 * <p><b>One gradient tape, one backward.</b> The policy and the value model share one {@link GradientTape}: each
 * mini-batch runs one backward of the summed loss
 * {@code L = L_policy + L_value}. The two models have disjoint parameters, so ∂L/∂θ = ∂L_policy/∂θ and
 * ∂L/∂φ = ∂L_value/∂φ exactly — the sum is the two separate backward passes in one graph traversal, with one
 * tape opened per step instead of two. (A value-loss coefficient is therefore pointless here: it would only
 * rescale the value model's gradient, which global-norm clipping and Adam's normalisation undo.) Each model is then
 * clipped to global norm {@code clip_norm} on its own and stepped by its own AdamW at its own constant learning rate.
 *
 * <p>With demonstrations and {@code ptx_coefficient} γ &gt; 0 (PPO-ptx), each step also draws {@code ptx_batch_size}
 * demonstrations and adds {@code γ·L_ptx} ({@link PtxLoss}) to the policy's part of the same loss.
 */
public final class PpoUpdate {

    /**
     * Means over the iteration's mini-batches, and the first mini-batch's ratio check.
     *
     * @param policyLoss clipped surrogate loss
     * @param valueLoss clipped value loss
     * @param entropy mean per-token entropy of πθ on the responses
     * @param clipFraction share of tokens whose ratio was clipped
     * @param approxKl approximate KL(πθ_old ‖ πθ) per token
     * @param policyGradNorm policy gradient norm before clipping
     * @param valueGradNorm value gradient norm before clipping
     * @param firstRatioMaxDeviation max |ρ − 1| over the first mini-batch's tokens (0 up to rounding: πθ = πθ_old)
     * @param firstApproxKl approx-KL of the first mini-batch (0 up to rounding)
     * @param tokens prompt + response tokens run forward and backward (demonstrations included)
     * @param seconds wall time of the updates
     * @param ptxLoss the SFT-replay loss {@link PtxLoss} (NaN without it)
     */
    public record Stats(double policyLoss, double valueLoss, double entropy, double clipFraction, double approxKl,
                        double policyGradNorm, double valueGradNorm, double firstRatioMaxDeviation,
                        double firstApproxKl, long tokens, double seconds, double ptxLoss) {}

    private PpoUpdate() {}

    /**
     * Runs one iteration's gradient steps.
     *
     * @param models the run's models (policy and value are updated in place)
     * @param experience the iteration's rollouts
     * @param config PPO settings
     * @param policyParameters the policy's trainable arrays by name
     * @param valueParameters the value model's trainable arrays by name
     * @param policyOptimizer the policy's AdamW
     * @param valueOptimizer the value model's AdamW
     * @param random the run's generator (mini-batch order, demonstrations drawn)
     * @param ptx demonstrations for the SFT-replay term, or null (then, or at {@code ptx_coefficient} 0, none)
     */
    public static Stats run(PpoModels models, Experience experience, PpoConfig config,
                            Map<String, NDArray> policyParameters, Map<String, NDArray> valueParameters,
                            AdamW policyOptimizer, AdamW valueOptimizer, TrainingRandom random,
                            PtxDemonstrations ptx) {
        boolean withPtx = ptx != null && config.ptxCoefficient() > 0;
        double ptxSum = 0;
        long start = System.nanoTime();
        int n = experience.size();
        int[] order = permutation(n, random);
        int pad = Rollouts.padId(models);
        double[] sums = new double[7];
        double firstDeviation = Double.NaN;
        double firstApproxKl = Double.NaN;
        long tokens = 0;
        int steps = 0;
        for (int from = 0; from + config.miniBatchSize() <= n; from += config.miniBatchSize()) {
            List<Integer> rows = new ArrayList<>();
            for (int i = from; i < from + config.miniBatchSize(); i++) {
                rows.add(order[i]);
            }
            ResponseBatch batch = new ResponseBatch(pick(experience.promptTokens(), rows),
                    pick(experience.responseTokens(), rows));
            tokens += batch.totalTokens();
            try (NDManager m = models.manager().newSubManager(); NDScope scope = new NDScope()) {
                NDArray mask = batch.responseMask(m); // (B, T-1)
                NDArray oldLogProbs = batch.shifted(m, pick(experience.logProbs(), rows));
                NDArray advantages = batch.shifted(m, pick(experience.advantages(), rows));
                NDArray oldValues = batch.shifted(m, pick(experience.values(), rows));
                NDArray returns = batch.shifted(m, pick(experience.returns(), rows));
                double[] step = new double[5];
                double stepPtx = Double.NaN;
                try (GradientCollector collector = new GradientTape()) {
                    SequenceForward.PolicyOutput policy = SequenceForward.policy(models.policy(), batch, m, pad);
                    NDArray values = SequenceForward.values(models.value(), batch, m, pad);
                    NDArray policyLoss = PpoLoss.compute(policy.logProbs(), oldLogProbs, advantages, mask,
                            config.clipRange());
                    NDArray valueLoss = ValueLoss.compute(values, oldValues, returns, mask, config.valueClipRange());
                    NDArray loss = policyLoss.add(valueLoss);
                    if (withPtx) {
                        ResponseBatch demos = ptx.draw(config.ptxBatchSize(), random);
                        tokens += demos.totalTokens();
                        NDArray ptxLoss = PtxLoss.compute(SequenceForward.logProbs(models.policy(), demos, m, pad),
                                demos.responseMask(m));
                        stepPtx = ptxLoss.getFloat();
                        ptxSum += stepPtx;
                        loss = loss.add(Ops.scale(ptxLoss, config.ptxCoefficient()));
                    }
                    collector.backward(loss);
                    NDArray logProbs = policy.logProbs().stopGradient();
                    step[0] = policyLoss.getFloat();
                    step[1] = valueLoss.getFloat();
                    step[2] = MaskedOps.maskedMean(policy.entropy().stopGradient(), mask).getFloat();
                    step[3] = PpoLoss.clipFraction(logProbs, oldLogProbs, mask, config.clipRange());
                    step[4] = PpoLoss.approxKl(logProbs, oldLogProbs, mask);
                    if (steps == 0) {
                        firstDeviation = logProbs.sub(oldLogProbs).exp().sub(1f).abs().mul(mask).max().getFloat();
                        firstApproxKl = step[4];
                    }
                }
                String losses = String.format(" (mini-batch %d: policy loss %s, value loss %s, ptx loss %s)", steps,
                        step[0], step[1], stepPtx);
                double policyNorm = clipAndStep(policyParameters, policyOptimizer, config.clipNorm(),
                        config.policyLearningRate(), "policy" + losses);
                double valueNorm = clipAndStep(valueParameters, valueOptimizer, config.clipNorm(),
                        config.valueLearningRate(), "value model" + losses);
                for (int k = 0; k < 5; k++) {
                    sums[k] += step[k];
                }
                sums[5] += policyNorm;
                sums[6] += valueNorm;
            }
            steps++;
        }
        double[] mean = new double[sums.length];
        for (int k = 0; k < sums.length; k++) {
            mean[k] = sums[k] / steps;
        }
        return new Stats(mean[0], mean[1], mean[2], mean[3], mean[4], mean[5], mean[6], firstDeviation,
                firstApproxKl, tokens, (System.nanoTime() - start) / 1e9, withPtx ? ptxSum / steps : Double.NaN);
    }

    /** Global-norm clipping, AdamW at a constant rate, gradients zeroed; returns the norm before clipping. */
    private static double clipAndStep(Map<String, NDArray> parameters, AdamW optimizer, double clipNorm, double lr,
                                      String what) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        parameters.forEach((name, array) -> gradients.put(name, array.getGradient()));
        double norm = GlobalNormClipping.clip(new ArrayList<>(gradients.values()), clipNorm);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("non-finite gradient norm " + norm + " of the " + what
                    + "; stopping before the update");
        }
        optimizer.step(parameters, gradients, lr);
        zero(gradients.values());
        return norm;
    }

    /** Zeroes gradient arrays in place and closes the handles. */
    static void zero(Iterable<NDArray> gradients) {
        boolean mode = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try {
            for (NDArray g : gradients) {
                g.subi(g);
                g.close();
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(mode);
        }
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates with the run's generator). */
    static int[] permutation(int n, TrainingRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static <T> List<T> pick(List<T> all, List<Integer> rows) {
        List<T> out = new ArrayList<>(rows.size());
        for (int r : rows) {
            out.add(all.get(r));
        }
        return out;
    }
}
