package org.rlhf4j.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.eval.ChatSampler;

/**
 * The models of a chat-answering job (a preference batch's variants, a model judged and the one it is compared
 * with): every chat model directory the job samples from, each opened as a {@link ChatSampler}, all loaded once per
 * executor JVM.
 *
 * @param models the distinct model directories, in the job's order
 */
public record ChatModels(List<ModelDir> models) implements ModelSet<ChatModels.Loaded> {

    private static final long serialVersionUID = 1L;

    public ChatModels {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("a chat-model set needs at least one directory");
        }
        models = List.copyOf(models);
    }

    @Override
    public List<ModelDir> dirs() {
        return models;
    }

    @Override
    public Loaded open() throws IOException {
        Map<String, ChatSampler> samplers = new LinkedHashMap<>();
        try {
            for (ModelDir m : models) {
                samplers.put(m.dir(), ChatSampler.open(m.path()));
            }
        } catch (IOException | RuntimeException e) {
            samplers.values().forEach(ChatSampler::close);
            throw e;
        }
        return new Loaded(samplers);
    }

    /** The opened samplers, by directory. */
    public record Loaded(Map<String, ChatSampler> samplers) implements AutoCloseable {

        /** The sampler of {@code dir} (a directory of the set). */
        public ChatSampler sampler(String dir) {
            ChatSampler s = samplers.get(dir);
            if (s == null) {
                throw new IllegalArgumentException(dir + " is not a model of this job's set " + samplers.keySet());
            }
            return s;
        }

        @Override
        public void close() {
            samplers.values().forEach(ChatSampler::close);
        }
    }
}
