package org.rlhf4j.model.sampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * What the sampler really draws: on fixed logits z, the frequencies of many seeded draws must match softmax(z / T),
 * truncated to the top-k / top-p set and renormalised, by Pearson's chi-square test (Commons Math). Each check has a
 * false-alarm rate of α = 1e-3 for correct code; the seeds are fixed, so the suite is deterministic. The log-prob the
 * sampler records for every draw must be the log of that same distribution at the drawn token (RS and PPO use it).
 */
public class TokenSamplerDistributionTest {

    /** False-alarm rate of each goodness-of-fit check. */
    private static final double ALPHA = 1e-3;
    private static final int DRAWS = 20_000;
    /** Distinct logits (no ties, so the truncated sets are well defined), one far in the tail. */
    private static final float[] Z = {2.0f, 1.0f, 0.5f, 0.0f, -0.5f, -1.0f, 1.5f, -3.0f, 0.25f, -2.0f};

    private NDManager manager;

    @BeforeClass
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterClass
    public void close() {
        manager.close();
    }

    /**
     * The distribution the sampler should draw from, in double: p = softmax(z / T); keep the topK most likely (all
     * when 0), then the shortest most-likely prefix of those whose probability under p reaches topP (all kept when
     * they never reach it); renormalise over the kept tokens.
     */
    static double[] target(float[] z, double temperature, int topK, double topP) {
        int v = z.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float x : z) {
            max = Math.max(max, x / temperature);
        }
        double[] p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(z[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < v; i++) {
            p[i] /= sum;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < v; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        int k = topK > 0 ? Math.min(topK, v) : v;
        double[] q = new double[v];
        double mass = 0;
        for (int j = 0; j < k && (j == 0 || mass < topP); j++) {
            int token = order.get(j);
            q[token] = p[token];
            mass += p[token];
        }
        for (int i = 0; i < v; i++) {
            q[i] /= mass;
        }
        return q;
    }

    /** {@link #DRAWS} draws from one call on (DRAWS, V) copies of {@code z}. */
    private TokenSampler.Picks draw(SamplingConfig config, long seed) {
        float[] rows = new float[DRAWS * Z.length];
        for (int r = 0; r < DRAWS; r++) {
            System.arraycopy(Z, 0, rows, r * Z.length, Z.length);
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray logits = m.create(rows, new Shape(DRAWS, Z.length));
            return new TokenSampler(config, seed).pick(logits);
        }
    }

    /**
     * Pearson's chi-square goodness of fit of the token counts to {@code expected}; no draw may fall where the
     * expected probability is 0; cells expected fewer than 5 times are pooled (the test's usual validity rule).
     */
    static void assertDrawnFrom(double[] expected, int[] tokens, String label) {
        long[] counts = new long[expected.length];
        for (int t : tokens) {
            counts[t]++;
        }
        List<Double> e = new ArrayList<>();
        List<Long> o = new ArrayList<>();
        double pooledExpected = 0;
        long pooledObserved = 0;
        for (int i = 0; i < expected.length; i++) {
            double n = expected[i] * tokens.length;
            if (expected[i] == 0) {
                assertEquals(counts[i], 0, label + ": token " + i + " is outside the truncated set but was drawn");
            } else if (n < 5) {
                pooledExpected += n;
                pooledObserved += counts[i];
            } else {
                e.add(n);
                o.add(counts[i]);
            }
        }
        if (pooledExpected > 0) {
            e.add(pooledExpected);
            o.add(pooledObserved);
        }
        if (e.size() < 2) {
            return; // one possible token (e.g. top-k 1): the zero-probability checks above said it all
        }
        double pValue = new ChiSquareTest().chiSquareTest(e.stream().mapToDouble(Double::doubleValue).toArray(),
                o.stream().mapToLong(Long::longValue).toArray());
        assertTrue(pValue >= ALPHA, label + ": counts " + Arrays.toString(counts) + " do not fit "
                + Arrays.toString(expected) + " (chi-square p = " + pValue + " < " + ALPHA + ")");
    }

    /** Every recorded log-prob is log q(token) of the target, and the model log-prob is log softmax(z)(token). */
    private static void assertLogProbs(TokenSampler.Picks picks, double[] q, String label) {
        double[] model = target(Z, 1.0, 0, 1.0);
        for (int r = 0; r < picks.tokens().length; r++) {
            int t = picks.tokens()[r];
            assertEquals(picks.logProbs()[r], Math.log(q[t]), 1e-5, label + ": sampling log-prob of token " + t);
            assertEquals(picks.modelLogProbs()[r], Math.log(model[t]), 1e-5, label + ": model log-prob of " + t);
        }
    }

    private void check(double temperature, int topK, double topP, long seed) {
        SamplingConfig config = SamplingConfig.sample(temperature, 1).withTopK(topK).withTopP(topP);
        String label = "T=" + temperature + " top-k " + topK + " top-p " + topP;
        TokenSampler.Picks picks = draw(config, seed);
        double[] q = target(Z, temperature, topK, topP);
        assertDrawnFrom(q, picks.tokens(), label);
        assertLogProbs(picks, q, label);
    }

    @Test
    public void untruncatedDrawsFollowSoftmaxOverTemperature() {
        check(1.0, 0, 1.0, 101);
        check(0.5, 0, 1.0, 102);
        check(2.0, 0, 1.0, 103);
        check(0.25, 0, 1.0, 104);
    }

    @Test
    public void topKDrawsFollowTheRenormalisedTopK() {
        check(1.0, 3, 1.0, 201);
        check(0.7, 5, 1.0, 202);
        check(2.0, 1, 1.0, 203);
    }

    @Test
    public void topPDrawsFollowTheRenormalisedNucleus() {
        check(1.0, 0, 0.8, 301);
        check(1.5, 0, 0.5, 302);
        check(0.6, 0, 0.95, 303);
        check(1.0, 0, 0.3, 305); // the most likely token alone already holds 0.38 ≥ 0.3: a nucleus of one
        // Both: top-k first, then the nucleus inside it, measured under the full tempered distribution.
        check(1.3, 4, 0.7, 304);
    }

    /** The test has power: the sampler's draws at T = 1 do not pass for softmax(z / 1.1) or for a nucleus one short. */
    @Test
    public void theCheckRejectsANearbyDistribution() {
        TokenSampler.Picks plain = draw(SamplingConfig.sample(1.0, 1), 401);
        expectMismatch(target(Z, 1.1, 0, 1.0), plain.tokens());
        TokenSampler.Picks nucleus = draw(SamplingConfig.sample(1.0, 1).withTopP(0.8), 402);
        double[] q = target(Z, 1.0, 0, 0.8);
        double[] shorter = target(Z, 1.0, 0, 0.6);
        assertTrue(Arrays.stream(q).filter(x -> x > 0).count() > Arrays.stream(shorter).filter(x -> x > 0).count());
        expectMismatch(shorter, nucleus.tokens());
    }

    private static void expectMismatch(double[] wrong, int[] tokens) {
        try {
            assertDrawnFrom(wrong, tokens, "wrong target");
        } catch (AssertionError expected) {
            return;
        }
        fail("draws passed as coming from a distribution they were not drawn from");
    }

    /**
     * Greedy is argmax, and among equal maxima the lowest token id wins (libtorch's argmax returns the first
     * maximum; documented on {@link SamplingConfig#greedy}). Its sampling log-prob is 0 (a certain pick).
     */
    @Test
    public void greedyIsArgmaxWithTiesToTheLowestId() {
        float[][] rows = {
            {1f, 3f, 0f, 3f, 2f},     // tie between 1 and 3 → 1
            {5f, 5f, 5f, 5f, 5f},     // all equal → 0
            {-1f, -4f, 2f, 7f, 7f},   // tie between 3 and 4 → 3
            {0f, 0f, 0f, 0f, 0.01f},  // a strict maximum last → 4
        };
        try (NDManager m = manager.newSubManager()) {
            TokenSampler.Picks picks = new TokenSampler(SamplingConfig.greedy(1), 0).pick(m.create(rows));
            assertEquals(picks.tokens(), new int[] {1, 0, 3, 4});
            for (int r = 0; r < rows.length; r++) {
                assertEquals(picks.logProbs()[r], 0f);
                double[] model = target(rows[r], 1.0, 0, 1.0);
                assertEquals(picks.modelLogProbs()[r], Math.log(model[picks.tokens()[r]]), 1e-6);
            }
        }
    }

    /**
     * Through the generator on a real model: the first new token of one prompt, repeated over a batch, follows
     * softmax(z / T) of the model's logits at the prompt's last position (recomputed here by a full forward pass).
     */
    @Test
    public void generatorDrawsTheFirstTokenFromTheTemperedModel() {
        try (NDManager m = manager.newSubManager()) {
            LlamaModel model = LlamaModel.initialized(m, KvCacheGeneratorTest.CONFIG, HeadKind.CAUSAL_LM, 42);
            for (var p : model.namedParameters().values()) {
                if (p.getArray().getShape().dimension() == 2) {
                    p.getArray().muli(m.create(4f)); // a spread-out but not flat next-token distribution
                }
            }
            int[] prompt = {1, 5, 9, 12, 7};
            NDArray ids = m.create(Arrays.stream(prompt).asLongStream().toArray()).reshape(1, prompt.length);
            float[] z = model.logits(model.hiddenStates(ids, null, AttentionMask.causal(m, prompt.length), null))
                    .get("0, -1, :").toFloatArray();
            double temperature = 0.8;
            int batch = 4000;
            List<Completion> out = new KvCacheGenerator(model).generate(Collections.nCopies(batch, prompt),
                    SamplingConfig.sample(temperature, 1).withEos(-1, false), 17);
            int[] first = out.stream().mapToInt(c -> c.tokens()[0]).toArray();
            double[] q = target(z, temperature, 0, 1.0);
            long likely = Arrays.stream(q).filter(x -> x * batch >= 5).count();
            assertTrue(likely >= 5, "the model's distribution should spread over several tokens, got " + likely);
            assertDrawnFrom(q, first, "generator T=" + temperature);
            for (int r = 0; r < batch; r++) {
                assertEquals(out.get(r).logProbs()[0], Math.log(q[first[r]]), 1e-4, "row " + r);
            }
        }
    }
}
