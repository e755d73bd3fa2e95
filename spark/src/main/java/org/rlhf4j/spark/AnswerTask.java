package org.rlhf4j.spark;

import java.io.Serializable;
import java.util.List;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;

/**
 * One unit of work of a chat-answering job: batch {@code batch} of request {@code request} — at most
 * {@code batchSize} prompts answered by one model with the batch's own seed ({@link ChatSampler#answerBatch}), so
 * the answers are those of the single-process run whatever task or machine makes them; with {@code judge}, also
 * judged by the arena judge.
 *
 * @param request the index of the request (a model and its prompts) in the job
 * @param batch the batch's index in the request
 * @param modelDir the answering model's directory (one of {@code models})
 * @param configJson the {@link ChatSamplingConfig} as JSON
 * @param prompts the batch's prompt records as JSON, in order
 * @param batchSeed the batch's seed ({@link ChatSampler#batchSeeds})
 * @param judge whether the executor judges the answers too
 * @param models every model of the job, loaded once per executor JVM
 */
public record AnswerTask(int request, int batch, String modelDir, String configJson, List<String> prompts,
                         long batchSeed, boolean judge, ChatModels models) implements Serializable {

    private static final long serialVersionUID = 1L;

    public AnswerTask {
        if (request < 0 || batch < 0 || modelDir == null || configJson == null || prompts == null
                || prompts.isEmpty() || models == null) {
            throw new IllegalArgumentException("an answer task needs a request, a batch, a model, a config and"
                    + " some prompts");
        }
        prompts = List.copyOf(prompts);
    }

    /** The prompt records, read back. */
    public List<PromptRecord> promptRecords() {
        return JsonCodec.readAll(prompts, PromptRecord.class);
    }

    /** The sampling config, read back. */
    public ChatSamplingConfig config() {
        return JsonCodec.read(configJson, ChatSamplingConfig.class);
    }
}
