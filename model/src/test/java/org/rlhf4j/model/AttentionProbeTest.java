package org.rlhf4j.model;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

/**
 * {@link AttentionProbe} against a plain-Java Llama forward written from the formulas (RMSNorm, rotate-half RoPE,
 * grouped-query softmax attention, SwiGLU), on a tiny GQA model whose weights are large enough that attention is far
 * from uniform.
 */
public class AttentionProbeTest {

    /** d 16, 3 layers, 4 query heads on 2 key/value heads of 4 dims, FFN 24, vocabulary 20, context 32. */
    static final LlamaConfig CONFIG = new LlamaConfig(16, 3, 4, 2, 4, 24, 20, 32, 10000.0, 1e-5);
    static final int[] ROW = {1, 7, 3, 3, 12, 5, 19, 2, 8, 11, 4};

    static Map<String, FloatTensor> weights(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : CONFIG.expectedTensorShapes(HeadKind.CAUSAL_LM).entrySet()) {
            long[] shape = e.getValue();
            int n = 1;
            for (long s : shape) {
                n *= (int) s;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = shape.length == 1 ? (float) (0.5 + random.nextDouble())
                        : (float) ((random.nextDouble() * 2 - 1) * (e.getKey().contains("q_proj")
                        || e.getKey().contains("k_proj") ? 1.2 : 0.4));
            }
            out.put(e.getKey(), FloatTensor.of(shape, v));
        }
        return out;
    }

    @Test
    public void probabilitiesMatchAPlainForwardAndRowsSumToOne() {
        Map<String, FloatTensor> w = weights(3);
        double[][][][] expected = referenceProbabilities(w, ROW);
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.fromWeights(m, CONFIG, HeadKind.CAUSAL_LM, w)) {
            float[][][][] p = AttentionProbe.probabilities(model, ROW);
            assertEquals(p.length, 3);
            double peak = 0;
            for (int l = 0; l < 3; l++) {
                assertEquals(p[l].length, 4);
                for (int h = 0; h < 4; h++) {
                    for (int q = 0; q < ROW.length; q++) {
                        double sum = 0;
                        for (int k = 0; k < ROW.length; k++) {
                            assertEquals(p[l][h][q][k], expected[l][h][q][k], 2e-5,
                                    "layer " + l + " head " + h + " query " + q + " key " + k);
                            if (k > q) {
                                assertEquals(p[l][h][q][k], 0f, "causal: key after query");
                            }
                            sum += p[l][h][q][k];
                            peak = Math.max(peak, q > 0 ? p[l][h][q][k] : 0);
                        }
                        assertEquals(sum, 1.0, 1e-5);
                    }
                }
            }
            assertTrue(peak > 0.6, "attention should be peaked for the test to mean something, max " + peak);
        }
    }

    @Test
    public void massOnASpanIsTheMeanOverQueriesOfTheSumOverKeys() {
        Map<String, FloatTensor> w = weights(5);
        double[][][][] expected = referenceProbabilities(w, ROW);
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.fromWeights(m, CONFIG, HeadKind.CAUSAL_LM, w)) {
            float[][][][] p = AttentionProbe.probabilities(model, ROW);
            // "system span" = tokens 1..3, "last turn" = queries 7..10.
            double[][] mass = AttentionProbe.mass(p, 7, 11, 1, 4);
            for (int l = 0; l < 3; l++) {
                for (int h = 0; h < 4; h++) {
                    double direct = 0;
                    for (int q = 7; q < 11; q++) {
                        direct += expected[l][h][q][1] + expected[l][h][q][2] + expected[l][h][q][3];
                    }
                    assertEquals(mass[l][h], direct / 4, 2e-5);
                }
            }
            float[][][] perQuery = AttentionProbe.keySpanMass(model, ROW, 1, 4);
            for (int l = 0; l < 3; l++) {
                for (int h = 0; h < 4; h++) {
                    for (int q = 0; q < ROW.length; q++) {
                        double direct = q < 1 ? 0 : expected[l][h][q][1] + (q < 2 ? 0 : expected[l][h][q][2])
                                + (q < 3 ? 0 : expected[l][h][q][3]);
                        assertEquals(perQuery[l][h][q], direct, 2e-5, "layer " + l + " head " + h + " query " + q);
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> AttentionProbe.keySpanMass(model, ROW, 4, 12));
            // The whole causal prefix carries all the mass.
            assertEquals(AttentionProbe.mass(p, 4, 11, 0, 11)[2][1], 1.0, 1e-5);
            assertThrows(IllegalArgumentException.class, () -> AttentionProbe.mass(p, 5, 12, 0, 3));
            assertThrows(IllegalArgumentException.class, () -> AttentionProbe.mass(p, 5, 6, 3, 3));
            assertThrows(IllegalArgumentException.class, () -> AttentionProbe.probabilities(model, new int[33]));
        }
    }

    @Test
    public void theProbeLeavesTheForwardUnchanged() {
        Map<String, FloatTensor> w = weights(7);
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.fromWeights(m, CONFIG, HeadKind.CAUSAL_LM, w)) {
            long[] ids = new long[ROW.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = ROW[i];
            }
            float[] before = model.hiddenStates(m.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length)),
                    null, AttentionMask.causal(m, ids.length), null).toFloatArray();
            AttentionProbe.probabilities(model, ROW);
            float[] after = model.hiddenStates(m.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length)),
                    null, AttentionMask.causal(m, ids.length), null).toFloatArray();
            assertEquals(after, before);
        }
    }

    // ---- plain-Java reference, double precision -------------------------------------------------------------

    static double[][][][] referenceProbabilities(Map<String, FloatTensor> w, int[] row) {
        int d = CONFIG.hiddenSize();
        int heads = CONFIG.numHeads();
        int kvHeads = CONFIG.numKvHeads();
        int hd = CONFIG.headDim();
        int t = row.length;
        float[] embed = w.get("model.embed_tokens.weight").toArray();
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = embed[row[i] * d + j];
            }
        }
        double[][][][] probs = new double[CONFIG.numLayers()][heads][t][t];
        for (int l = 0; l < CONFIG.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] n = rmsNorm(x, w.get(p + "input_layernorm.weight").toArray());
            double[][] q = rope(linear(n, w.get(p + "self_attn.q_proj.weight").toArray(), heads * hd), heads, hd);
            double[][] k = rope(linear(n, w.get(p + "self_attn.k_proj.weight").toArray(), kvHeads * hd), kvHeads, hd);
            double[][] v = linear(n, w.get(p + "self_attn.v_proj.weight").toArray(), kvHeads * hd);
            double[][] context = new double[t][heads * hd];
            for (int h = 0; h < heads; h++) {
                int g = h / (heads / kvHeads);
                for (int i = 0; i < t; i++) {
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int c = 0; c < hd; c++) {
                            dot += q[i][h * hd + c] * k[j][g * hd + c];
                        }
                        s[j] = dot / Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        probs[l][h][i][j] = s[j] / z;
                        for (int c = 0; c < hd; c++) {
                            context[i][h * hd + c] += probs[l][h][i][j] * v[j][g * hd + c];
                        }
                    }
                }
            }
            double[][] attn = linear(context, w.get(p + "self_attn.o_proj.weight").toArray(), d);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] += attn[i][j];
                }
            }
            double[][] m = rmsNorm(x, w.get(p + "post_attention_layernorm.weight").toArray());
            int f = CONFIG.intermediateSize();
            double[][] gate = linear(m, w.get(p + "mlp.gate_proj.weight").toArray(), f);
            double[][] up = linear(m, w.get(p + "mlp.up_proj.weight").toArray(), f);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < f; j++) {
                    gate[i][j] = gate[i][j] / (1 + Math.exp(-gate[i][j])) * up[i][j];
                }
            }
            double[][] down = linear(gate, w.get(p + "mlp.down_proj.weight").toArray(), d);
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] += down[i][j];
                }
            }
        }
        return probs;
    }

    /** x (T, in) times W (out, in) transposed. */
    static double[][] linear(double[][] x, float[] weight, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int c = 0; c < in; c++) {
                    s += x[i][c] * weight[o * in + c];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    static double[][] rmsNorm(double[][] x, float[] gain) {
        double[][] y = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double v : x[i]) {
                ms += v * v;
            }
            double r = 1 / Math.sqrt(ms / x[i].length + CONFIG.rmsNormEps());
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = x[i][j] * r * gain[j];
            }
        }
        return y;
    }

    /** Rotate-half RoPE at positions 0..T−1 on each head of (T, heads·hd). */
    static double[][] rope(double[][] x, int heads, int hd) {
        int half = hd / 2;
        double[][] y = new double[x.length][x[0].length];
        for (int pos = 0; pos < x.length; pos++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < half; i++) {
                    double angle = pos / Math.pow(CONFIG.ropeTheta(), 2.0 * i / hd);
                    double a = x[pos][h * hd + i];
                    double b = x[pos][h * hd + half + i];
                    y[pos][h * hd + i] = a * Math.cos(angle) - b * Math.sin(angle);
                    y[pos][h * hd + half + i] = b * Math.cos(angle) + a * Math.sin(angle);
                }
            }
        }
        return y;
    }
}
