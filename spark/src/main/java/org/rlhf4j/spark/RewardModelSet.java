package org.rlhf4j.spark;

import java.io.IOException;
import java.util.List;
import org.rlhf4j.rewardmodel.RewardModelScorer;

/**
 * The model of a reward-scoring job: one reward-model directory, opened as a {@link RewardModelScorer}.
 *
 * @param rewardModel the reward model's directory (with {@code tokenizer.json})
 */
public record RewardModelSet(ModelDir rewardModel) implements ModelSet<RewardModelScorer> {

    private static final long serialVersionUID = 1L;

    public RewardModelSet {
        if (rewardModel == null) {
            throw new IllegalArgumentException("a reward-model set needs a directory");
        }
    }

    @Override
    public List<ModelDir> dirs() {
        return List.of(rewardModel);
    }

    @Override
    public RewardModelScorer open() throws IOException {
        return RewardModelScorer.open(rewardModel.path());
    }
}
