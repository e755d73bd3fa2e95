package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.rlhf4j.model.AttentionMask;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;

/**
 * One forward of a reward model over a micro-batch of rows of different lengths: the rows are right-padded to the
 * longest row of the micro-batch (not to the context) and each row's score is read at its last real token.
 *
 * <p>Right padding needs no padding mask: with causal attention a real token never sees the pads after it, and the
 * positions of real tokens are the same as unpadded, so a row's score does not depend on what it is batched with
 * (up to float rounding of the batched matrix products).
 */
public final class RewardModelForward {

    private RewardModelForward() {}

    /**
     * The scores of {@code rows}.
     *
     * @param model a reward model ({@link HeadKind#SEQUENCE_CLASSIFICATION})
     * @param manager owns every array made here (give each step its own)
     * @param rows token ids, each non-empty and no longer than the model's context
     * @return scores (R), one per row, on {@code manager}
     */
    public static NDArray scores(LlamaModel model, NDManager manager, List<int[]> rows) {
        if (model.headKind() != HeadKind.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("a reward model needs a score head, this model has a "
                    + model.headKind() + " head");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to score");
        }
        int longest = 0;
        for (int r = 0; r < rows.size(); r++) {
            int n = rows.get(r).length;
            if (n == 0 || n > model.config().maxPositions()) {
                throw new IllegalArgumentException("row " + r + " has " + n + " tokens; a reward model scores 1 to "
                        + model.config().maxPositions() + " (its context)");
            }
            longest = Math.max(longest, n);
        }
        int pad = padId(model);
        long[] ids = new long[rows.size() * longest];
        int[] lengths = new int[rows.size()];
        java.util.Arrays.fill(ids, pad);
        for (int r = 0; r < rows.size(); r++) {
            int[] row = rows.get(r);
            for (int t = 0; t < row.length; t++) {
                ids[r * longest + t] = row[t];
            }
            lengths[r] = row.length;
        }
        NDArray input = manager.create(ids, new Shape(rows.size(), longest)); // (R, T)
        NDArray hidden = model.hiddenStates(input, null, AttentionMask.causal(manager, longest), null); // (R, T, d)
        return model.scores(hidden, lengths); // (R)
    }

    /** The id padding is written with: the config's {@code pad_token_id}, else EOS (never seen by a real token). */
    static int padId(LlamaModel model) {
        Integer pad = model.config().padTokenId();
        return pad != null ? pad : model.config().eosTokenId();
    }
}
