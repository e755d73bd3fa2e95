package org.rlhf4j.ppo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt + response rows laid out for one causal forward pass: ids (B, T) right-padded (a causal model's real
 * positions never see the padding, so each row computes what it would alone), and the "shifted" frame (B, T − 1)
 * in which column t holds what is predicted from position t: the log-prob of token t + 1 and the value of the state
 * that ends at t. Response token j of row b (prompt length P_b) sits at column {@code P_b − 1 + j}.
 */
public final class ResponseBatch {

    private final List<int[]> prompts;
    private final List<int[]> responses;
    private final int length;

    /**
     * @param prompts (B × P_b) prompt ids, P_b ≥ 1
     * @param responses (B × L_b) response ids, L_b ≥ 1
     */
    public ResponseBatch(List<int[]> prompts, List<int[]> responses) {
        if (prompts.size() != responses.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("need as many prompts as responses, at least one");
        }
        int t = 0;
        for (int b = 0; b < prompts.size(); b++) {
            if (prompts.get(b).length < 1 || responses.get(b).length < 1) {
                throw new IllegalArgumentException("row " + b + ": prompt and response need at least one token");
            }
            t = Math.max(t, prompts.get(b).length + responses.get(b).length);
        }
        this.prompts = List.copyOf(prompts);
        this.responses = List.copyOf(responses);
        this.length = t;
    }

    /** Rows B. */
    public int size() {
        return prompts.size();
    }

    /** Columns T of the id matrix. */
    public int length() {
        return length;
    }

    /** Response tokens Σ L_b. */
    public long responseTokens() {
        return responses.stream().mapToLong(r -> r.length).sum();
    }

    /** Prompt and response tokens Σ (P_b + L_b). */
    public long totalTokens() {
        long n = 0;
        for (int b = 0; b < size(); b++) {
            n += prompts.get(b).length + responses.get(b).length;
        }
        return n;
    }

    /** (B, T) int64 ids, padding {@code padId}. */
    public NDArray ids(NDManager manager, int padId) {
        long[] ids = new long[size() * length];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < size(); b++) {
            int[] p = prompts.get(b);
            int[] r = responses.get(b);
            for (int j = 0; j < p.length; j++) {
                ids[b * length + j] = p[j];
            }
            for (int j = 0; j < r.length; j++) {
                ids[b * length + p.length + j] = r[j];
            }
        }
        return manager.create(ids, new Shape(size(), length));
    }

    /** (B, T − 1) float32 response mask in the shifted frame. */
    public NDArray responseMask(NDManager manager) {
        List<float[]> ones = new ArrayList<>();
        for (int[] r : responses) {
            float[] o = new float[r.length];
            java.util.Arrays.fill(o, 1f);
            ones.add(o);
        }
        return shifted(manager, ones);
    }

    /** Per-response values (B × L_b) placed in the shifted frame (B, T − 1), zeros elsewhere. */
    public NDArray shifted(NDManager manager, List<float[]> perResponse) {
        int w = length - 1;
        float[] out = new float[size() * w];
        for (int b = 0; b < size(); b++) {
            float[] v = perResponse.get(b);
            if (v.length != responses.get(b).length) {
                throw new IllegalArgumentException("row " + b + ": " + v.length + " values for "
                        + responses.get(b).length + " response tokens");
            }
            System.arraycopy(v, 0, out, b * w + prompts.get(b).length - 1, v.length);
        }
        return manager.create(out, new Shape(size(), w));
    }

    /** The response positions of a (B, T − 1) shifted-frame array, per response (B × L_b). */
    public List<float[]> perResponse(NDArray shiftedValues) {
        int w = length - 1;
        float[] flat = shiftedValues.toFloatArray();
        List<float[]> out = new ArrayList<>(size());
        for (int b = 0; b < size(); b++) {
            float[] v = new float[responses.get(b).length];
            System.arraycopy(flat, b * w + prompts.get(b).length - 1, v, 0, v.length);
            out.add(v);
        }
        return out;
    }
}
