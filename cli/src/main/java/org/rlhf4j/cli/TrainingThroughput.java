package org.rlhf4j.cli;

import org.rlhf4j.model.LlamaModel;

/** Placeholder until the training core lands: reports NaN so the table never shows an invented number. */
final class TrainingThroughput {
    private TrainingThroughput() {}

    static double measure(LlamaModel model, int batch, int sequenceLength, int steps) {
        return Double.NaN;
    }
}
