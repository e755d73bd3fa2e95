package org.rlhf4j.eval;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link PreferenceSampler} writes a batch of comparison tasks (paper §3.2.1). The paper samples the two
 * responses of a comparison "from two different model variants, and varying the temperature hyper-parameter"
 * without giving the temperatures or the number of prompts per batch; both are fields here.
 *
 * @param variants the model variants and temperatures to draw from, at least two distinct ones; each prompt gets
 *     two different variants, a seeded uniform pair of them
 * @param topP nucleus threshold in (0, 1]; 1 = off; default 1
 * @param maxNewTokens most tokens per response; default {@link ChatSamplingConfig#DEFAULT_MAX_NEW_TOKENS}
 * @param batchSize prompts decoded together; default {@link ChatSamplingConfig#DEFAULT_BATCH_SIZE}
 * @param maxPrompts the most prompts of the file to use (a seeded subset, kept in file order); 0 = all; default 0
 * @param batch the batch name, prefixed to every task id ({@code <batch>-<prompt id>}) so that the batches of
 *     successive iterations never share an id; non-blank
 */
public record PreferenceSamplingConfig(List<SamplingVariant> variants, double topP, int maxNewTokens, int batchSize,
                                       int maxPrompts, String batch) {

    public PreferenceSamplingConfig {
        if (variants == null || variants.size() < 2) {
            throw new IllegalArgumentException("need at least two sampling variants (model and temperature), got "
                    + (variants == null ? 0 : variants.size()));
        }
        variants = List.copyOf(variants);
        Set<String> seen = new HashSet<>();
        for (SamplingVariant v : variants) {
            if (!seen.add(v.modelDir().toAbsolutePath().normalize() + "@" + v.temperature())) {
                throw new IllegalArgumentException("sampling variant " + v.modelDir() + "@" + v.temperature()
                        + " is listed twice; the two responses must differ in model or temperature");
            }
        }
        new ChatSamplingConfig(0, topP, maxNewTokens, batchSize); // validates the sampling fields
        if (maxPrompts < 0) {
            throw new IllegalArgumentException("maxPrompts must be >= 0 (0 = all), got " + maxPrompts);
        }
        if (batch == null || batch.isBlank()) {
            throw new IllegalArgumentException("batch name must not be blank");
        }
    }

    /** The variants with the documented defaults for everything else (all prompts, batch name {@code batch-1}). */
    public static PreferenceSamplingConfig of(List<SamplingVariant> variants) {
        return new PreferenceSamplingConfig(variants, 1.0, ChatSamplingConfig.DEFAULT_MAX_NEW_TOKENS,
                ChatSamplingConfig.DEFAULT_BATCH_SIZE, 0, "batch-1");
    }

    /**
     * The demo's batch: one chat model at temperatures 1.0 and 1.4 (a typical answer against a hotter, more varied
     * one, so that comparisons span every rating bucket; the demo's SFT model is so peaked that at 0.7 and 1.0 half
     * of the response pairs were the same text, at 1.0 and 1.4 a quarter), 600 prompts so that sampling stays a small
     * part of the demo's time (about 15 s on two cores).
     */
    public static PreferenceSamplingConfig demo(Path chatModelDir, String batch) {
        return new PreferenceSamplingConfig(List.of(SamplingVariant.of(chatModelDir, 1.0),
                SamplingVariant.of(chatModelDir, 1.4)), 1.0, ChatSamplingConfig.DEFAULT_MAX_NEW_TOKENS,
                ChatSamplingConfig.DEFAULT_BATCH_SIZE, 600, batch);
    }

    public PreferenceSamplingConfig withMaxPrompts(int n) {
        return new PreferenceSamplingConfig(variants, topP, maxNewTokens, batchSize, n, batch);
    }

    public PreferenceSamplingConfig withBatch(String name) {
        return new PreferenceSamplingConfig(variants, topP, maxNewTokens, batchSize, maxPrompts, name);
    }

    /** The chat sampling settings of one variant. */
    ChatSamplingConfig sampling(SamplingVariant v) {
        return new ChatSamplingConfig(v.temperature(), topP, maxNewTokens, batchSize);
    }
}
