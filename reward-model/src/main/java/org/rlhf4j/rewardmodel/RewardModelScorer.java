package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.HfConfigJson;
import org.rlhf4j.model.hf.HfFormatException;

/**
 * Scores responses with one reward model, batched: rows are laid out by {@link RewardModelInput} (prompt in the chat
 * format, the response as the assistant's answer, EOS; the score read at that EOS), sorted by length, cut into
 * micro-batches of {@link #microBatchSize()} rows and right-padded to each micro-batch's longest row
 * ({@link RewardModelForward}). Scores come back in the caller's order. Autograd is off while scoring, on whatever
 * thread calls it, and restored afterwards.
 *
 * <p>Not thread-safe: one scorer per thread.
 */
public final class RewardModelScorer implements AutoCloseable {

    /** Rows per forward unless set otherwise. */
    public static final int DEFAULT_MICRO_BATCH_SIZE = 32;

    private final NDManager manager;
    private final LlamaModel model;
    private final LlamaTokenizer tokenizer;
    private final ChatFormat format;
    private final boolean owned;
    private final int microBatchSize;
    private final String tokenizerSha256;

    private RewardModelScorer(NDManager manager, LlamaModel model, LlamaTokenizer tokenizer, boolean owned,
                              int microBatchSize) throws IOException {
        if (model.headKind() != HeadKind.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException("a reward model needs a score head (LlamaForSequenceClassification), "
                    + "got a " + model.headKind().architecture());
        }
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer " + tokenizer.file() + " has " + tokenizer.vocabSize()
                    + " pieces but the reward model only " + model.config().vocabSize());
        }
        if (microBatchSize < 1) {
            throw new IllegalArgumentException("microBatchSize must be ≥ 1, got " + microBatchSize);
        }
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.format = new ChatFormat(tokenizer);
        this.owned = owned;
        this.microBatchSize = microBatchSize;
        this.tokenizerSha256 = Sha256.of(tokenizer.file());
    }

    /**
     * Opens a reward-model directory: a Hugging Face {@code LlamaForSequenceClassification} ({@code config.json},
     * safetensors with {@code score.weight}) with its {@code tokenizer.json}.
     *
     * @throws IOException naming the directory when it is a causal LM, lacks a tokenizer or does not load
     */
    public static RewardModelScorer open(Path rmDir) throws IOException {
        requireRewardModelDir(rmDir);
        Path tokenizerFile = rmDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException(rmDir + ": no tokenizer.json beside the reward model (a reward-model directory "
                    + "carries the tokenizer of the chat model it was initialised from)");
        }
        LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
        NDManager manager = NDManager.newBaseManager();
        try {
            LlamaModel model = LlamaModel.load(manager, rmDir);
            return new RewardModelScorer(manager, model, tokenizer, true, DEFAULT_MICRO_BATCH_SIZE);
        } catch (IOException | RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw e;
        }
    }

    /**
     * A scorer over a model and tokenizer the caller owns (closing the scorer leaves them open), e.g. the reward
     * model being trained.
     */
    public static RewardModelScorer of(LlamaModel model, LlamaTokenizer tokenizer) {
        try {
            return new RewardModelScorer(null, model, tokenizer, false, DEFAULT_MICRO_BATCH_SIZE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This scorer with another micro-batch size (rows per forward); shares the model. */
    public RewardModelScorer withMicroBatchSize(int rows) {
        try {
            return new RewardModelScorer(null, model, tokenizer, false, rows);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Checks that {@code dir} holds a reward model (by {@code config.json}'s {@code architectures}, then by its
     * tensors when loading).
     *
     * @throws HfFormatException when it is a causal LM or has no {@code config.json}
     */
    public static void requireRewardModelDir(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(HfConfigJson.FILE_NAME))) {
            throw new HfFormatException(dir + ": not a model directory (no " + HfConfigJson.FILE_NAME + ")");
        }
        HeadKind declared = HfConfigJson.readHeadKind(dir);
        if (declared == HeadKind.CAUSAL_LM) {
            throw new HfFormatException(dir + " is a causal language model (LlamaForCausalLM), not a reward model "
                    + "(LlamaForSequenceClassification with score.weight); train one from it with "
                    + "`rlhf reward train --init " + dir + "`");
        }
    }

    /**
     * Scores each response as the assistant's answer to its prompt.
     *
     * @param prompts dialogs ending with a user turn, one per response
     * @param responses response texts
     * @return raw scores (logits), one per response, in order
     */
    public float[] score(List<List<Message>> prompts, List<String> responses) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        List<int[]> rows = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            try {
                rows.add(RewardModelInput.of(format, tokenizer, prompts.get(i), responses.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("response " + i + ": " + e.getMessage(), e);
            }
        }
        return scoreRows(rows);
    }

    /** Whether the prompt and response fit the reward model's context, i.e. whether {@link #score} takes them. */
    public boolean fits(List<Message> prompt, String response) {
        return RewardModelInput.of(format, tokenizer, prompt, response).length <= model.config().maxPositions();
    }

    /**
     * Scores responses given as token ids, e.g. as a sampler produced them: the same layout as
     * {@link #score}, so the same text gives the same score.
     *
     * @param promptTokens chat-format prompt ids (BOS … {@code [/INST]}), one per response
     * @param responseTokens response ids (an EOS at the end is kept, otherwise one is appended)
     */
    public float[] scoreTokens(List<int[]> promptTokens, List<int[]> responseTokens) {
        if (promptTokens.size() != responseTokens.size()) {
            throw new IllegalArgumentException(promptTokens.size() + " prompts but " + responseTokens.size()
                    + " responses");
        }
        List<int[]> rows = new ArrayList<>(promptTokens.size());
        for (int i = 0; i < promptTokens.size(); i++) {
            rows.add(RewardModelInput.of(promptTokens.get(i), responseTokens.get(i), tokenizer.eosId()));
        }
        return scoreRows(rows);
    }

    /** Scores complete rows laid out by {@link RewardModelInput}; micro-batches group rows of similar length. */
    public float[] scoreRows(List<int[]> rows) {
        float[] out = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            int n = rows.get(i).length;
            if (n < 1 || n > model.config().maxPositions()) {
                throw new IllegalArgumentException("response " + i + ": prompt + response is " + n
                        + " tokens; the reward model's context is " + model.config().maxPositions());
            }
        }
        if (rows.isEmpty()) {
            return out;
        }
        Integer[] order = IntStream.range(0, rows.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> rows.get(i).length));
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int start = 0; start < order.length; start += microBatchSize) {
                int end = Math.min(order.length, start + microBatchSize);
                List<int[]> batch = new ArrayList<>(end - start);
                for (int k = start; k < end; k++) {
                    batch.add(rows.get(order[k]));
                }
                try (NDManager step = model.manager().newSubManager()) {
                    float[] scores = RewardModelForward.scores(model, step, batch).toFloatArray();
                    for (int k = start; k < end; k++) {
                        out[order[k]] = scores[k - start];
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    /** The tokenizer responses are encoded with. */
    public LlamaTokenizer tokenizer() {
        return tokenizer;
    }

    /** SHA-256 of the tokenizer's {@code tokenizer.json}: two models agree on token ids iff these are equal. */
    public String tokenizerSha256() {
        return tokenizerSha256;
    }

    /** The reward model. */
    public LlamaModel model() {
        return model;
    }

    /** Rows per forward. */
    public int microBatchSize() {
        return microBatchSize;
    }

    /** Closes the model, tokenizer and memory when {@link #open} made them; nothing otherwise. */
    @Override
    public void close() {
        if (owned) {
            model.close();
            tokenizer.close();
            manager.close();
        }
    }
}
