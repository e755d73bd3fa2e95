package org.rlhf4j.eval;

import java.nio.file.Path;

/**
 * One source of responses for comparison tasks: a chat model directory sampled at one temperature (paper §3.2.1:
 * the two responses of a comparison come from different model variants and temperatures).
 *
 * @param modelDir model directory: Hugging Face {@code config.json} + safetensors and {@code tokenizer.json}
 * @param name how tasks name the variant's model ({@code model_a}/{@code model_b}); non-blank
 * @param temperature softmax temperature, {@code >= 0} (0 = greedy)
 */
public record SamplingVariant(Path modelDir, String name, double temperature) {

    public SamplingVariant {
        if (modelDir == null) {
            throw new IllegalArgumentException("a sampling variant needs a model directory");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a sampling variant needs a non-blank name");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
    }

    /** A variant named by its directory as given. */
    public static SamplingVariant of(Path modelDir, double temperature) {
        return new SamplingVariant(modelDir, modelDir.toString(), temperature);
    }

    /**
     * Parses {@code DIR@TEMPERATURE} (e.g. {@code runs/demo/sft@0.7}), the command line's form.
     *
     * @throws IllegalArgumentException naming the text when it has no {@code @} or a bad temperature
     */
    public static SamplingVariant parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("variant '" + text + "': expected DIR@TEMPERATURE, e.g. runs/sft@0.7");
        }
        double t;
        try {
            t = Double.parseDouble(text.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("variant '" + text + "': temperature '" + text.substring(at + 1)
                    + "' is not a number", e);
        }
        try {
            return of(Path.of(text.substring(0, at)), t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("variant '" + text + "': " + e.getMessage(), e);
        }
    }
}
