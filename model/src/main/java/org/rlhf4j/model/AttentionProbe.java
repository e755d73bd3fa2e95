package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Reads the attention probabilities out of a model, for pictures such as the paper's Fig. 10 (Ghost Attention:
 * how much the last turn attends to the system message). Read-only and apart from the normal forward: the decoder
 * is run once more over the row, and at every layer {@code softmax(q kᵀ / √headDim + causal mask)} is recomputed
 * from that layer's (normalised) input with the layer's own weights and rotary embedding, so {@link LlamaModel}'s
 * forward, training and sampling paths are untouched and no slower.
 *
 * <p>Probabilities are returned as {@code [layer][head][query][key]} for one unpadded row of T tokens (positions
 * 0..T−1, causal); each query row sums to 1 over keys 0..query. Memory: layers · heads · T² floats (the demo model
 * at its full 512-token context: 16 MiB).
 */
public final class AttentionProbe {

    private AttentionProbe() {}

    /**
     * Attention probabilities of every layer and query head for one row.
     *
     * @param model any Llama model (either head; the head is not used)
     * @param tokenIds the row's token ids (T ≥ 1, at most the model's context)
     * @return {@code p[layer][head][query][key]}, (L, H, T, T); keys after the query are 0
     */
    public static float[][][][] probabilities(LlamaModel model, int[] tokenIds) {
        int t = tokenIds.length;
        if (t < 1 || t > model.config().maxPositions()) {
            throw new IllegalArgumentException("a row of " + t + " tokens; the model takes 1 to "
                    + model.config().maxPositions());
        }
        int heads = model.config().numHeads();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = model.manager().newSubManager()) {
            List<NDArray> perLayer = model.attentionProbabilities(scope.create(ids(tokenIds), new Shape(1, t)));
            float[][][][] out = new float[perLayer.size()][heads][t][t];
            for (int l = 0; l < perLayer.size(); l++) {
                float[] flat = perLayer.get(l).toFloatArray(); // (1, H, T, T) row-major
                for (int h = 0; h < heads; h++) {
                    for (int q = 0; q < t; q++) {
                        System.arraycopy(flat, (h * t + q) * t, out[l][h][q], 0, t);
                    }
                }
            }
            return out;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * Per layer, head and query, the attention probability on keys {@code [keyFrom, keyTo)}, summed over those keys
     * — {@link #probabilities} reduced on the engine, so only L·H·T numbers leave it (what attention read-outs over
     * long rows need).
     *
     * @param model any Llama model
     * @param tokenIds the row's token ids (T ≥ 1, at most the model's context)
     * @return {@code m[layer][head][query]}, (L, H, T), each in [0, 1]
     */
    public static float[][][] keySpanMass(LlamaModel model, int[] tokenIds, int keyFrom, int keyTo) {
        int t = tokenIds.length;
        if (t < 1 || t > model.config().maxPositions()) {
            throw new IllegalArgumentException("a row of " + t + " tokens; the model takes 1 to "
                    + model.config().maxPositions());
        }
        if (keyFrom < 0 || keyTo > t || keyFrom >= keyTo) {
            throw new IllegalArgumentException("key span [" + keyFrom + ", " + keyTo + ") is not inside a row of "
                    + t + " tokens");
        }
        int heads = model.config().numHeads();
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = model.manager().newSubManager()) {
            List<NDArray> perLayer = model.attentionProbabilities(scope.create(ids(tokenIds), new Shape(1, t)));
            float[][][] out = new float[perLayer.size()][heads][t];
            for (int l = 0; l < perLayer.size(); l++) {
                float[] flat = Ops.slice(perLayer.get(l), 3, keyFrom, keyTo).sum(new int[] {3}).toFloatArray();
                for (int h = 0; h < heads; h++) {
                    System.arraycopy(flat, h * t, out[l][h], 0, t);
                }
            }
            return out;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static long[] ids(int[] tokenIds) {
        long[] ids = new long[tokenIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds[i];
        }
        return ids;
    }

    /**
     * Attention mass on a span of keys: per layer and head, the probability that queries {@code [queryFrom,
     * queryTo)} put on keys {@code [keyFrom, keyTo)}, summed over those keys and averaged over those queries.
     *
     * @param p probabilities from {@link #probabilities}, (L, H, T, T)
     * @return (L, H) masses in [0, 1]
     */
    public static double[][] mass(float[][][][] p, int queryFrom, int queryTo, int keyFrom, int keyTo) {
        int t = p.length == 0 ? 0 : p[0][0].length;
        if (queryFrom < 0 || queryTo > t || queryFrom >= queryTo) {
            throw new IllegalArgumentException("query span [" + queryFrom + ", " + queryTo + ") is not inside a row"
                    + " of " + t + " tokens");
        }
        if (keyFrom < 0 || keyTo > t || keyFrom >= keyTo) {
            throw new IllegalArgumentException("key span [" + keyFrom + ", " + keyTo + ") is not inside a row of "
                    + t + " tokens");
        }
        double[][] out = new double[p.length][];
        for (int l = 0; l < p.length; l++) {
            out[l] = new double[p[l].length];
            for (int h = 0; h < p[l].length; h++) {
                double sum = 0;
                for (int q = queryFrom; q < queryTo; q++) {
                    for (int k = keyFrom; k < keyTo; k++) {
                        sum += p[l][h][q][k];
                    }
                }
                out[l][h] = sum / (queryTo - queryFrom);
            }
        }
        return out;
    }
}
