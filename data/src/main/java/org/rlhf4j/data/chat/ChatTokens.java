package org.rlhf4j.data.chat;

import java.util.Arrays;

/**
 * A dialog in the Llama 2 chat format: token ids and, per token, where it came from. Built from segment positions
 * while the format is assembled, never by searching the ids for tag text (METHOD.md §2).
 *
 * @param ids token ids, BOS/EOS included; length n
 * @param assistant {@code assistant[t]} is true when token t belongs to an assistant answer: the answer's tokens and
 *     the EOS that closes its exchange. BOS and the {@code [INST] ... [/INST]} prompt part are false. Length n
 * @param turn {@code turn[t]} is the 0-based exchange (user message plus its answer) token t belongs to. Length n
 */
public record ChatTokens(int[] ids, boolean[] assistant, int[] turn) {

    /** Checks the three arrays have one entry per token. */
    public ChatTokens {
        if (ids.length != assistant.length || ids.length != turn.length) {
            throw new IllegalArgumentException("ids (" + ids.length + "), assistant (" + assistant.length
                    + ") and turn (" + turn.length + ") must have the same length");
        }
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /** Number of exchanges: one more than the largest turn index (0 when empty). */
    public int turnCount() {
        return ids.length == 0 ? 0 : turn[ids.length - 1] + 1;
    }

    /** Number of tokens with {@code assistant[t]} true. */
    public int assistantTokenCount() {
        int n = 0;
        for (boolean a : assistant) {
            n += a ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatTokens c
                && Arrays.equals(ids, c.ids)
                && Arrays.equals(assistant, c.assistant)
                && Arrays.equals(turn, c.turn);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(assistant)) + Arrays.hashCode(turn);
    }

    @Override
    public String toString() {
        return "ChatTokens" + Arrays.toString(ids);
    }
}
