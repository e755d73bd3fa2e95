package org.rlhf4j.ghostattention;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a GAtt synthesis did, per turn (index 0 = turn 1).
 *
 * @param dialogsStarted dialogs drawn
 * @param dialogsKept dialogs with at least one accepted turn (written)
 * @param activeDialogs dialogs still going at each turn
 * @param samples answers sampled at each turn
 * @param rejectedByFilter samples the {@link GattTurnFilter} rejected at each turn
 * @param rejectedUnfinished samples that reached the token limit without EOS (or were empty), rejected
 * @param endedDialogs dialogs that ended at each turn because no sample was accepted
 * @param contextEnded dialogs that ended at each turn because the prompt plus the answer limit no longer fit the
 *     context
 * @param seconds wall time of the synthesis
 * @param newTokens tokens sampled in all
 */
public record GattSynthesisStats(int dialogsStarted, int dialogsKept, int[] activeDialogs, int[] samples,
                                 int[] rejectedByFilter, int[] rejectedUnfinished, int[] endedDialogs,
                                 int[] contextEnded, double seconds, long newTokens) {

    /** Total of an array. */
    private static int sum(int[] a) {
        int s = 0;
        for (int x : a) {
            s += x;
        }
        return s;
    }

    /** The numbers as a flat map (manifest metrics, CLI output). */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dialogs_started", dialogsStarted);
        m.put("dialogs_kept", dialogsKept);
        m.put("samples", sum(samples));
        m.put("rejected_by_filter", sum(rejectedByFilter));
        m.put("rejected_unfinished", sum(rejectedUnfinished));
        m.put("dialogs_ended_early", sum(endedDialogs));
        m.put("dialogs_ended_at_context", sum(contextEnded));
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("new_tokens", newTokens);
        for (int t = 0; t < samples.length; t++) {
            m.put("turn_" + (t + 1), activeDialogs[t] + " dialogs, " + samples[t] + " samples, " + rejectedByFilter[t]
                    + " filtered, " + rejectedUnfinished[t] + " unfinished, " + endedDialogs[t] + " ended, " + contextEnded[t]
                    + " at the context");
        }
        return m;
    }
}
