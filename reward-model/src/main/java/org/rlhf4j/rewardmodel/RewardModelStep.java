package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.Ops;
import org.rlhf4j.training.MicroBatchLoss;
import org.rlhf4j.training.StepContext;
import org.rlhf4j.training.StepFunction;

/**
 * One reward-model micro-batch: the P chosen and P rejected rows through one forward (2P rows padded to the longest
 * row of the micro-batch), the ranking loss with margin (eq. 2) averaged over the pairs, plus
 * {@code safetyLabelLossWeight} × {@link SafetyLabelLoss} over the responses whose safety is known (0 turns it off),
 * with its class weights and unsafe offset.
 * Extra metric: {@code accuracy}, the share of pairs with r_c &gt; r_r.
 */
public final class RewardModelStep implements StepFunction<PairBatch> {

    /** The extra metric column. */
    public static final String ACCURACY = "accuracy";

    private final LlamaModel model;
    private final double safetyLabelLossWeight;
    private final double safeClassWeight;
    private final double unsafeClassWeight;
    private final double unsafeOffset;

    /** A step over {@code model} with the given anchor weight (≥ 0), unweighted classes and plain cross-entropy. */
    public RewardModelStep(LlamaModel model, double safetyLabelLossWeight) {
        this(model, safetyLabelLossWeight, 1, 1, 0);
    }

    /**
     * A step over {@code model}: the anchor at weight {@code safetyLabelLossWeight} (≥ 0), each safe response's term
     * weighted by {@code safeClassWeight} and each unsafe one's by {@code unsafeClassWeight}, the unsafe responses'
     * term offset by {@code unsafeOffset} ({@link SafetyLabelLoss}).
     */
    public RewardModelStep(LlamaModel model, double safetyLabelLossWeight, double safeClassWeight,
                           double unsafeClassWeight, double unsafeOffset) {
        this.model = model;
        this.safetyLabelLossWeight = safetyLabelLossWeight;
        this.safeClassWeight = safeClassWeight;
        this.unsafeClassWeight = unsafeClassWeight;
        this.unsafeOffset = unsafeOffset;
    }

    @Override
    public MicroBatchLoss loss(PairBatch batch, StepContext context) {
        NDManager m = context.manager();
        int p = batch.pairs();
        List<int[]> rows = new ArrayList<>(2 * p);
        rows.addAll(batch.chosen());
        rows.addAll(batch.rejected());
        NDArray scores = RewardModelForward.scores(model, m, rows); // (2P)
        NDArray chosen = scores.get("0:" + p); // (P)
        NDArray rejected = scores.get(p + ":"); // (P)
        NDArray loss = RankingLoss.mean(chosen, rejected, m.create(batch.margins()));
        if (safetyLabelLossWeight > 0) {
            float[] safe = new float[2 * p];
            float[] known = new float[2 * p];
            int count = 0;
            for (int i = 0; i < p; i++) {
                count += label(batch.chosenSafe()[i], i, safe, known);
                count += label(batch.rejectedSafe()[i], p + i, safe, known);
            }
            if (count > 0) {
                float[] weight = new float[2 * p];
                for (int i = 0; i < 2 * p; i++) {
                    weight[i] = (float) (safe[i] == 1 ? safeClassWeight : unsafeClassWeight);
                }
                NDArray anchor = SafetyLabelLoss.mean(scores, m.create(safe), m.create(known), m.create(weight),
                        unsafeOffset);
                loss = loss.add(Ops.scale(anchor, safetyLabelLossWeight));
            }
        }
        float[] c = chosen.toFloatArray();
        float[] r = rejected.toFloatArray();
        int correct = 0;
        for (int i = 0; i < p; i++) {
            correct += c[i] > r[i] ? 1 : 0;
        }
        return new MicroBatchLoss(loss, Map.of(ACCURACY, (double) correct / p));
    }

    private static int label(int value, int index, float[] safe, float[] known) {
        if (value < 0) {
            return 0;
        }
        safe[index] = value;
        known[index] = 1;
        return 1;
    }

    @Override
    public double weight(PairBatch batch) {
        return batch.pairs();
    }

    @Override
    public long tokens(PairBatch batch) {
        return batch.tokens();
    }
}
