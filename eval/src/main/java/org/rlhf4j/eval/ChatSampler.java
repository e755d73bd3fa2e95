package org.rlhf4j.eval;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers chat prompts with a model: each prompt record is encoded in the Llama 2 chat format (open last turn),
 * completed by the KV-cache generator in batches until EOS or the token limit, and decoded without the EOS and
 * stripped of surrounding whitespace.
 *
 * <p>Determinism: batch k (prompts {@code [k·B, (k+1)·B)}) samples with the k-th number of
 * {@code SplittableRandom(seed)}, so the same model, prompts, config and seed give the same answers. Greedy answers
 * do not depend on the batch size (padded rows compute what they would alone).
 */
public final class ChatSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChatSampler.class);

    /** The tokenizer file expected next to the weights in a model directory. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private final LlamaModel model;
    private final LlamaTokenizer tokenizer;
    private final ChatFormat format;
    private final KvCacheGenerator generator;
    private final Runnable owned;

    private ChatSampler(LlamaModel model, LlamaTokenizer tokenizer, Runnable owned) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("model vocabulary (" + model.config().vocabSize()
                    + ") differs from the tokenizer's (" + tokenizer.vocabSize() + ", " + tokenizer.file() + ")");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.format = new ChatFormat(tokenizer);
        this.generator = new KvCacheGenerator(model);
        this.owned = owned;
    }

    /** A sampler over a model and tokenizer the caller owns (and closes). */
    public static ChatSampler of(LlamaModel model, LlamaTokenizer tokenizer) {
        return new ChatSampler(model, tokenizer, null);
    }

    /**
     * Opens a model directory: Hugging Face {@code config.json} + safetensors and {@value #TOKENIZER_FILE}. The
     * sampler owns what it opened; close it.
     *
     * @throws InputException naming the directory when it is not a language-model directory with a tokenizer
     * @throws IOException when the weights or the tokenizer cannot be read
     */
    public static ChatSampler open(Path modelDir) throws IOException {
        Path tokenizerFile = modelDir.resolve(TOKENIZER_FILE);
        NDManager manager = NDManager.newBaseManager();
        LlamaModel model = null;
        LlamaTokenizer tokenizer = null;
        try {
            model = LlamaModel.load(manager, modelDir, HeadKind.CAUSAL_LM);
            if (!Files.isRegularFile(tokenizerFile)) {
                throw new InputException(modelDir, "no " + TOKENIZER_FILE + " next to the model weights");
            }
            tokenizer = LlamaTokenizer.open(tokenizerFile);
            LlamaModel m = model;
            LlamaTokenizer t = tokenizer;
            return new ChatSampler(model, tokenizer, () -> {
                t.close();
                m.close();
                manager.close();
            });
        } catch (IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (model != null) {
                model.close();
            }
            manager.close();
            if (e instanceof IllegalArgumentException) {
                throw new InputException(modelDir, e.getMessage(), e);
            }
            throw e;
        }
    }

    public LlamaModel model() {
        return model;
    }

    public LlamaTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * One answer per prompt, in order.
     *
     * @throws IllegalArgumentException naming the prompt when it cannot be encoded or does not fit the context
     *     together with {@code maxNewTokens}
     */
    public List<String> answer(List<PromptRecord> prompts, ChatSamplingConfig config, long seed) {
        List<int[]> encoded = encode(prompts, config);
        long[] seeds = batchSeeds(seed, batches(prompts.size(), config.batchSize()));
        List<String> answers = new ArrayList<>(prompts.size());
        long start = System.nanoTime();
        long newTokens = 0;
        for (int k = 0; k < seeds.length; k++) {
            int from = k * config.batchSize();
            for (Completion c : generate(encoded.subList(from, Math.min(encoded.size(), from + config.batchSize())),
                    config, seeds[k])) {
                answers.add(decode(c));
                newTokens += c.tokens().length;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("answered {} prompts ({} new tokens) in {} s", prompts.size(), newTokens,
                String.format("%.2f", seconds));
        return answers;
    }

    /**
     * The answers of one batch of {@link #answer}: batch k of a run with seed s is
     * {@code answerBatch(prompts[k·B, (k+1)·B), config, batchSeeds(s, k + 1)[k])}, the same answers, so that batches
     * can be answered apart (on several machines) and put together.
     *
     * @param batch at most {@code config.batchSize()} prompts
     * @param batchSeed the batch's seed ({@link #batchSeeds})
     */
    public List<String> answerBatch(List<PromptRecord> batch, ChatSamplingConfig config, long batchSeed) {
        if (batch.size() > config.batchSize()) {
            throw new IllegalArgumentException(batch.size() + " prompts in one batch of at most "
                    + config.batchSize());
        }
        List<String> answers = new ArrayList<>(batch.size());
        for (Completion c : generate(encode(batch, config), config, batchSeed)) {
            answers.add(decode(c));
        }
        return answers;
    }

    /** The seeds of the first {@code batches} batches of a run with {@code seed}: {@code SplittableRandom(seed)}'s
     *  first numbers. */
    public static long[] batchSeeds(long seed, int batches) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] out = new long[batches];
        for (int k = 0; k < batches; k++) {
            out[k] = rng.nextLong();
        }
        return out;
    }

    /** How many batches of {@code batchSize} {@code prompts} prompts make. */
    public static int batches(int prompts, int batchSize) {
        return (prompts + batchSize - 1) / batchSize;
    }

    private List<int[]> encode(List<PromptRecord> prompts, ChatSamplingConfig config) {
        List<int[]> encoded = new ArrayList<>(prompts.size());
        for (PromptRecord p : prompts) {
            encoded.add(format.samplingPrompt(p, config.maxNewTokens(), model.config().maxPositions()));
        }
        return encoded;
    }

    private List<Completion> generate(List<int[]> batch, ChatSamplingConfig config, long batchSeed) {
        SamplingConfig sampling = SamplingConfig.sample(config.temperature(), config.maxNewTokens())
                .withTopP(config.topP())
                .withEos(tokenizer.eosId(), true);
        return generator.generate(batch, sampling, batchSeed);
    }

    /** The completion's text without its EOS, stripped. */
    private String decode(Completion c) {
        return format.decodeAnswer(c.tokens());
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.run();
        }
    }
}
