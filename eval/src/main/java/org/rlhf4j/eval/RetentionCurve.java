package org.rlhf4j.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * Instruction retention per dialog turn for one model and one group of dialogs (paper Table 30): at turn n, the
 * share of the dialogs still going whose n-th assistant answer obeys every constraint of the instruction given in
 * the first turn only.
 *
 * @param model the model's label, e.g. {@code sft} or {@code gatt}
 * @param group which dialogs: {@code all}, {@code seen} (only constraint kinds the GAtt data had) or
 *     {@code held_out} (an instruction with a kind left out of the GAtt data, zero-shot)
 * @param dialogs per turn (index 0 = turn 1), the dialogs answered at that turn
 * @param followed per turn, the answers that obeyed the instruction
 */
public record RetentionCurve(String model, String group, int[] dialogs, int[] followed) {

    /** Validates: same lengths, {@code 0 <= followed <= dialogs}. */
    public RetentionCurve {
        if (dialogs.length != followed.length) {
            throw new IllegalArgumentException("dialogs and followed differ in length");
        }
        for (int t = 0; t < dialogs.length; t++) {
            if (followed[t] < 0 || followed[t] > dialogs[t]) {
                throw new IllegalArgumentException("turn " + (t + 1) + ": " + followed[t] + " of " + dialogs[t]);
            }
        }
    }

    /** Turns evaluated. */
    public int turns() {
        return dialogs.length;
    }

    /** Retention at {@code turn} (1-based); NaN when no dialog reached it. */
    public double retention(int turn) {
        int n = dialogs[turn - 1];
        return n == 0 ? Double.NaN : (double) followed[turn - 1] / n;
    }

    /** The Wilson score 95% interval of the retention at {@code turn} (1-based); null when no dialog reached it. */
    public ConfidenceInterval wilson95(int turn) {
        int n = dialogs[turn - 1];
        return n == 0 ? null : new WilsonScoreInterval().createInterval(n, followed[turn - 1], 0.95);
    }

    /** Per turn: {@code {"turn", "dialogs", "followed", "retention", "wilson95": [lo, hi]}}. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("group", group);
        List<Map<String, Object>> perTurn = new java.util.ArrayList<>();
        for (int t = 1; t <= turns(); t++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("turn", t);
            row.put("dialogs", dialogs[t - 1]);
            row.put("followed", followed[t - 1]);
            ConfidenceInterval ci = wilson95(t);
            row.put("retention", dialogs[t - 1] == 0 ? null : retention(t));
            row.put("wilson95", ci == null ? null : List.of(ci.getLowerBound(), ci.getUpperBound()));
            perTurn.add(row);
        }
        out.put("turns", perTurn);
        return out;
    }
}
