package org.rlhf4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.rlhf4j.rewardmodel.RewardModelScorer;

/**
 * The executor side of reward scoring: each {@link ScoreTask}'s rows scored by this JVM's reward model
 * ({@link ExecutorModels}), in the task's micro-batches.
 */
public final class ScoreJob implements FlatMapFunction<Iterator<ScoreTask>, ScoreResult> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<ScoreResult> call(Iterator<ScoreTask> tasks) throws IOException {
        List<ScoreResult> out = new ArrayList<>();
        while (tasks.hasNext()) {
            ScoreTask task = tasks.next();
            out.add(ExecutorModels.with(task.models(), (RewardModelScorer scorer) -> {
                // rows arrive sorted, so the scorer's own stable sort keeps them and cuts the same micro-batches
                float[] scores = scorer.withMicroBatchSize(task.microBatchSize()).scoreRows(task.rows());
                return new ScoreResult(task.indices(), scores, ExecutorModels.where());
            }));
        }
        return out.iterator();
    }
}
