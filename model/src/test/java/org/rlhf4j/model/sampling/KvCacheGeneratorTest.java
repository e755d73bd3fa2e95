package org.rlhf4j.model.sampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class KvCacheGeneratorTest {

    static final LlamaConfig CONFIG = new LlamaConfig(32, 2, 4, 2, 8, 64, 48, 128, 10000.0, 1e-5);
    static final List<int[]> PROMPTS = List.of(new int[] {1, 5, 9, 12, 7}, new int[] {1, 3}, new int[] {1, 8, 8, 4});

    private NDManager manager;
    private LlamaModel model;

    @BeforeClass
    public void setUp() {
        manager = NDManager.newBaseManager();
        // A larger init scale than Llama's 0.02 makes the tiny model's distributions peaked, so tests are sharp.
        model = LlamaModel.initialized(manager, CONFIG, HeadKind.CAUSAL_LM, 42);
        for (var p : model.namedParameters().values()) {
            if (p.getArray().getShape().dimension() == 2) {
                p.getArray().muli(manager.create(20f));
            }
        }
    }

    @AfterClass
    public void tearDown() {
        model.close();
        manager.close();
    }

    /** Log-probs of every position of one unpadded sequence, by a full causal forward: (T, V). */
    private float[][] fullLogProbs(int[] tokens) {
        try (NDManager m = manager.newSubManager()) {
            NDArray ids = m.create(Arrays.stream(tokens).asLongStream().toArray()).reshape(1, tokens.length);
            NDArray lp = model.logits(model.hiddenStates(ids, null, AttentionMask.causal(m, tokens.length), null))
                    .logSoftmax(-1);
            float[] flat = lp.toFloatArray();
            int v = CONFIG.vocabSize();
            float[][] out = new float[tokens.length][v];
            for (int t = 0; t < tokens.length; t++) {
                System.arraycopy(flat, t * v, out[t], 0, v);
            }
            return out;
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    public void cachedDecodingEqualsFullRecomputation() {
        SamplingConfig sampling = SamplingConfig.sample(1.0, 12).withEos(-1, false);
        List<Completion> out = new KvCacheGenerator(model).generate(PROMPTS, sampling, 7);
        for (int r = 0; r < PROMPTS.size(); r++) {
            int[] prompt = PROMPTS.get(r);
            Completion c = out.get(r);
            assertEquals(c.tokens().length, 12);
            float[][] full = fullLogProbs(concat(prompt, c.tokens()));
            for (int t = 0; t < c.tokens().length; t++) {
                float expected = full[prompt.length - 1 + t][c.tokens()[t]];
                assertEquals(c.modelLogProbs()[t], expected, 1e-4, "row " + r + " token " + t);
                assertEquals(c.logProbs()[t], expected, 1e-4, "temperature 1 samples from the model itself");
            }
        }
    }

    @Test
    public void temperatureLogProbsAreThoseOfTheScaledDistribution() {
        double temperature = 0.7;
        SamplingConfig sampling = SamplingConfig.sample(temperature, 10).withEos(-1, false);
        List<Completion> out = new KvCacheGenerator(model).generate(PROMPTS, sampling, 3);
        for (int r = 0; r < PROMPTS.size(); r++) {
            int[] prompt = PROMPTS.get(r);
            Completion c = out.get(r);
            float[][] full = fullLogProbs(concat(prompt, c.tokens()));
            for (int t = 0; t < c.tokens().length; t++) {
                float[] lp = full[prompt.length - 1 + t];
                // log softmax(z / T)[x] = lp[x] / T − log Σ exp(lp / T), since lp = z − const.
                double max = Double.NEGATIVE_INFINITY;
                for (float x : lp) {
                    max = Math.max(max, x / temperature);
                }
                double sum = 0;
                for (float x : lp) {
                    sum += Math.exp(x / temperature - max);
                }
                double expected = lp[c.tokens()[t]] / temperature - max - Math.log(sum);
                assertEquals(c.logProbs()[t], expected, 1e-4, "sampling log-prob, row " + r + " token " + t);
                assertEquals(c.modelLogProbs()[t], lp[c.tokens()[t]], 1e-4, "model log-prob, row " + r);
            }
        }
    }

    @Test
    public void paddedBatchEqualsEachPromptAlone() {
        SamplingConfig greedy = SamplingConfig.greedy(10).withEos(-1, false);
        List<Completion> batch = new KvCacheGenerator(model).generate(PROMPTS, greedy, 0);
        for (int r = 0; r < PROMPTS.size(); r++) {
            Completion alone = new KvCacheGenerator(model).generate(List.of(PROMPTS.get(r)), greedy, 0).get(0);
            assertEquals(batch.get(r).tokens(), alone.tokens(), "row " + r);
            for (int t = 0; t < alone.tokens().length; t++) {
                assertEquals(batch.get(r).modelLogProbs()[t], alone.modelLogProbs()[t], 1e-4);
            }
        }
    }

    @Test
    public void topKNeverLeavesTheKMostLikely() {
        int k = 3;
        SamplingConfig sampling = SamplingConfig.sample(1.5, 16).withEos(-1, false).withTopK(k);
        List<Completion> out = new KvCacheGenerator(model).generate(PROMPTS, sampling, 11);
        for (int r = 0; r < PROMPTS.size(); r++) {
            int[] prompt = PROMPTS.get(r);
            int[] tokens = out.get(r).tokens();
            float[][] full = fullLogProbs(concat(prompt, tokens));
            for (int t = 0; t < tokens.length; t++) {
                assertTrue(rank(full[prompt.length - 1 + t], tokens[t]) < k, "row " + r + " token " + t);
            }
        }
    }

    @Test
    public void topPNeverLeavesTheNucleus() {
        double p = 0.6;
        SamplingConfig sampling = SamplingConfig.sample(1.0, 16).withEos(-1, false).withTopP(p);
        List<Completion> out = new KvCacheGenerator(model).generate(PROMPTS, sampling, 13);
        int sawBeyondFirst = 0;
        for (int r = 0; r < PROMPTS.size(); r++) {
            int[] prompt = PROMPTS.get(r);
            Completion c = out.get(r);
            float[][] full = fullLogProbs(concat(prompt, c.tokens()));
            for (int t = 0; t < c.tokens().length; t++) {
                float[] lp = full[prompt.length - 1 + t];
                int rank = rank(lp, c.tokens()[t]);
                double[] sorted = sortedProbabilities(lp);
                double massBefore = 0;
                for (int i = 0; i < rank; i++) {
                    massBefore += sorted[i];
                }
                assertTrue(massBefore < p, "token outside the nucleus: mass before it " + massBefore);
                sawBeyondFirst += rank > 0 ? 1 : 0;
                assertTrue(c.logProbs()[t] >= c.modelLogProbs()[t] - 1e-5,
                        "renormalised nucleus probability is at least the model probability");
            }
        }
        assertTrue(sawBeyondFirst > 0, "top-p 0.6 should not be greedy on this model");
    }

    @Test
    public void finishedRowStopsGrowing() {
        SamplingConfig free = SamplingConfig.greedy(8).withEos(-1, false);
        List<Completion> reference = new KvCacheGenerator(model).generate(PROMPTS, free, 0);
        int eos = reference.get(0).tokens()[2];
        int firstEos = 0;
        while (reference.get(0).tokens()[firstEos] != eos) {
            firstEos++;
        }
        List<Completion> out = new KvCacheGenerator(model).generate(PROMPTS, free.withEos(eos, true), 0);
        Completion row0 = out.get(0);
        assertTrue(row0.endedWithEos());
        assertEquals(row0.tokens().length, firstEos + 1);
        assertEquals(row0.tokens()[firstEos], eos);
        for (int r = 0; r < PROMPTS.size(); r++) {
            Completion c = out.get(r);
            int[] ref = reference.get(r).tokens();
            assertEquals(c.tokens(), Arrays.copyOf(ref, c.tokens().length), "prefix of the unstopped run, row " + r);
            for (int t = 0; t < c.tokens().length - 1; t++) {
                assertNotEquals(c.tokens()[t], eos, "a row stops at its first EOS");
            }
            assertTrue(c.endedWithEos() || c.tokens().length == 8);
        }
    }

    @Test
    public void sameSeedSameSamplesOtherSeedOtherSamples() {
        SamplingConfig sampling = SamplingConfig.sample(1.0, 16).withEos(-1, false);
        KvCacheGenerator g = new KvCacheGenerator(model);
        List<Completion> a = g.generate(PROMPTS, sampling, 5);
        List<Completion> b = g.generate(PROMPTS, sampling, 5);
        List<Completion> c = g.generate(PROMPTS, sampling, 6);
        boolean differs = false;
        for (int r = 0; r < PROMPTS.size(); r++) {
            assertEquals(a.get(r).tokens(), b.get(r).tokens());
            differs |= !Arrays.equals(a.get(r).tokens(), c.get(r).tokens());
        }
        assertTrue(differs);
        assertFalse(a.get(0).endedWithEos());
    }

    @Test
    public void rowSeedsMakeARowIndependentOfItsBatchmates() {
        SamplingConfig sampling = SamplingConfig.sample(1.0, 16).withEos(-1, false);
        KvCacheGenerator g = new KvCacheGenerator(model);
        long[] seeds = {11, 22, 33};
        List<Completion> batch = g.generate(PROMPTS, sampling, seeds);
        List<Completion> reordered = g.generate(List.of(PROMPTS.get(2), PROMPTS.get(0)), sampling,
                new long[] {33, 11});
        assertEquals(reordered.get(0).tokens(), batch.get(2).tokens());
        assertEquals(reordered.get(1).tokens(), batch.get(0).tokens());
        for (int r = 0; r < PROMPTS.size(); r++) {
            Completion alone = g.generate(List.of(PROMPTS.get(r)), sampling, new long[] {seeds[r]}).get(0);
            assertEquals(alone.tokens(), batch.get(r).tokens(), "row " + r);
        }
        List<Completion> otherSeed = g.generate(PROMPTS, sampling, new long[] {11, 22, 34});
        assertEquals(otherSeed.get(0).tokens(), batch.get(0).tokens());
        assertNotEquals(otherSeed.get(2).tokens(), batch.get(2).tokens());
    }

    private static int rank(float[] logProbs, int token) {
        int rank = 0;
        for (int v = 0; v < logProbs.length; v++) {
            if (logProbs[v] > logProbs[token]) {
                rank++;
            }
        }
        return rank;
    }

    private static double[] sortedProbabilities(float[] logProbs) {
        double[] p = new double[logProbs.length];
        for (int v = 0; v < p.length; v++) {
            p[v] = -Math.exp(logProbs[v]);
        }
        Arrays.sort(p);
        for (int v = 0; v < p.length; v++) {
            p[v] = -p[v];
        }
        return p;
    }
}
