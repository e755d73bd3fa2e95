package org.rlhf4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ArenaEvaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of a chat-answering job: each {@link AnswerTask}'s batch answered by this JVM's copy of its model
 * ({@link ExecutorModels}) and, when asked, judged by the arena judge ({@link ArenaEvaluation#judgeAll}).
 */
public final class AnswerJob implements FlatMapFunction<Iterator<AnswerTask>, AnswerResult> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnswerJob.class);

    @Override
    public Iterator<AnswerResult> call(Iterator<AnswerTask> tasks) throws IOException {
        List<AnswerResult> out = new ArrayList<>();
        while (tasks.hasNext()) {
            AnswerTask task = tasks.next();
            List<PromptRecord> prompts = task.promptRecords();
            long start = System.nanoTime();
            List<String> answers = ExecutorModels.with(task.models(), (ChatModels.Loaded m) ->
                    m.sampler(task.modelDir()).answerBatch(prompts, task.config(), task.batchSeed()));
            List<String> judged = task.judge()
                    ? JsonCodec.writeAll(ArenaEvaluation.judgeAll(prompts, answers, new ArenaJudge())) : null;
            String where = ExecutorModels.where();
            LOG.info("{}: request {} batch {} ({} prompts, {}) in {} s", where, task.request(), task.batch(),
                    prompts.size(), task.modelDir(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
            out.add(new AnswerResult(task.request(), task.batch(), answers, judged, where));
        }
        return out.iterator();
    }
}
