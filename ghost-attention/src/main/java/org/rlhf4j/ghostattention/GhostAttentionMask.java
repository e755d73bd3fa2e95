package org.rlhf4j.ghostattention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.packing.LossOn;

/**
 * The Ghost Attention training rows (paper §3.3, METHOD.md §7): the instruction is kept only in the first user turn
 * (as the system message of the Llama 2 chat format) and the loss is zero on every token of the earlier turns —
 * their assistant answers included; only the last assistant answer and its EOS are trained
 * ({@link LossOn#LAST_ASSISTANT_TURN} in the data module's packer).
 *
 * <p>A synthesized dialog of n turns can give one row (the paper) or n rows, one per prefix ending at each answer
 * ({@code everyTurn}), so every turn is trained once with the instruction only at the start.
 */
public final class GhostAttentionMask {

    /** How the SFT trainer's packer selects the targets of GAtt rows. */
    public static final LossOn LOSS_ON = LossOn.LAST_ASSISTANT_TURN;

    private GhostAttentionMask() {}

    /**
     * Per-token loss mask of one encoded dialog: 1 exactly on the tokens of the last assistant answer (and its EOS),
     * 0 on everything before it, earlier answers included.
     *
     * @param tokens the dialog in the chat format ({@code ChatFormat.encodeDialog})
     */
    public static int[] lossMask(ChatTokens tokens) {
        int last = -1;
        for (int t = 0; t < tokens.length(); t++) {
            if (tokens.assistant()[t]) {
                last = Math.max(last, tokens.turn()[t]);
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("the dialog has no assistant answer to train");
        }
        int[] mask = new int[tokens.length()];
        for (int t = 0; t < mask.length; t++) {
            mask[t] = tokens.assistant()[t] && tokens.turn()[t] == last ? 1 : 0;
        }
        return mask;
    }

    /**
     * The training rows of GAtt dialogs in training form ({@code [system, user, assistant, …]}).
     *
     * @param everyTurn one row per prefix ending at each answer (ids {@code <id>-tN}); false: the dialog itself
     * @throws IllegalArgumentException naming the dialog when it does not start with the system message or does not
     *     alternate user/assistant
     */
    public static List<Dialog> trainingRows(List<Dialog> dialogs, boolean everyTurn) {
        List<Dialog> out = new ArrayList<>();
        for (Dialog d : dialogs) {
            List<Message> m = d.messages();
            if (m.size() < 3 || m.get(0).role() != Role.SYSTEM || m.size() % 2 == 0) {
                throw new IllegalArgumentException("GAtt dialog '" + d.id() + "': expected the instruction as the"
                        + " system message, then user/assistant turns, got " + m.size() + " messages"
                        + (m.isEmpty() ? "" : " starting with " + m.get(0).role().json()));
            }
            int turns = (m.size() - 1) / 2;
            if (!everyTurn) {
                out.add(d);
                continue;
            }
            for (int n = 1; n <= turns; n++) {
                Map<String, String> tags = new LinkedHashMap<>(d.tags() == null ? Map.of() : d.tags());
                tags.put("trained_turn", Integer.toString(n));
                out.add(new Dialog(d.id() + "-t" + n, List.copyOf(m.subList(0, 1 + 2 * n)), tags));
            }
        }
        return out;
    }
}
