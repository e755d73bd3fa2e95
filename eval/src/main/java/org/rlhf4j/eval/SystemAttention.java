package org.rlhf4j.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much a model attends to the system message as a dialog goes on (paper Fig. 10, Ghost Attention): at dialog
 * turn n, the attention probability that the tokens of turn n (its user message and the model's answer) put on the
 * tokens of the system message, summed over those keys, averaged over the turn's tokens and over the dialogs that
 * reached turn n; per layer and query head.
 *
 * @param model the model's label, e.g. {@code baseline} or {@code gatt}
 * @param group which dialogs ({@link GattRetention#GROUPS})
 * @param dialogs per turn (index 0 = turn 1), the dialogs averaged
 * @param mass {@code mass[turn − 1][layer][head]} in [0, 1]; NaN for a turn no dialog reached
 */
public record SystemAttention(String model, String group, int[] dialogs, double[][][] mass) {

    /** Validates: one entry per turn in both arrays, masses in [0, 1] or NaN where no dialog reached the turn. */
    public SystemAttention {
        if (dialogs.length != mass.length) {
            throw new IllegalArgumentException("dialogs and mass differ in length");
        }
        for (int t = 0; t < mass.length; t++) {
            for (double[] layer : mass[t]) {
                for (double m : layer) {
                    boolean ok = dialogs[t] == 0 ? Double.isNaN(m) : m >= -1e-6 && m <= 1 + 1e-6;
                    if (!ok) {
                        throw new IllegalArgumentException("turn " + (t + 1) + ": mass " + m + " over " + dialogs[t]
                                + " dialogs");
                    }
                }
            }
        }
    }

    /** Turns measured. */
    public int turns() {
        return dialogs.length;
    }

    /** Layers of the model. */
    public int layers() {
        return mass.length == 0 ? 0 : mass[0].length;
    }

    /** Query heads per layer. */
    public int heads() {
        return layers() == 0 ? 0 : mass[0][0].length;
    }

    /** The mass at {@code turn} (1-based) and {@code layer} (0-based), averaged over heads; NaN when not reached. */
    public double headMean(int turn, int layer) {
        double[] h = mass[turn - 1][layer];
        double sum = 0;
        for (double m : h) {
            sum += m;
        }
        return sum / h.length;
    }

    /** Per turn reached: {@code {"turn", "dialogs", "per_layer": [mean over heads, …]}}. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("group", group);
        List<Map<String, Object>> perTurn = new java.util.ArrayList<>();
        for (int t = 1; t <= turns(); t++) {
            if (dialogs[t - 1] == 0) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("turn", t);
            row.put("dialogs", dialogs[t - 1]);
            List<Double> layers = new java.util.ArrayList<>();
            for (int l = 0; l < layers(); l++) {
                layers.add(headMean(t, l));
            }
            row.put("per_layer", layers);
            perTurn.add(row);
        }
        out.put("turns", perTurn);
        return out;
    }
}
