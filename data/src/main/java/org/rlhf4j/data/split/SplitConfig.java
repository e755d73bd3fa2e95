package org.rlhf4j.data.split;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Fractions of prompts that go to each split; each in [0, 1], summing to 1 (within 1e-9). Default
 * ({@link #defaults()}): 0.8 / 0.1 / 0.1.
 *
 * @param train fraction of prompts for training
 * @param validation fraction for validation (model selection, early stopping)
 * @param test fraction held out for the final evaluation
 */
public record SplitConfig(
        @JsonProperty("train") double train,
        @JsonProperty("validation") double validation,
        @JsonProperty("test") double test) {

    public SplitConfig {
        for (double f : new double[] {train, validation, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split fractions must be in [0, 1], got " + train + " / "
                        + validation + " / " + test);
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-9) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + train + " + " + validation
                    + " + " + test + " = " + (train + validation + test));
        }
    }

    /** 0.8 / 0.1 / 0.1. */
    public static SplitConfig defaults() {
        return new SplitConfig(0.8, 0.1, 0.1);
    }
}
