package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import picocli.CommandLine.Option;

/** The config flags every {@code rlhf rs} step and {@code rlhf distill} share. */
final class RsOptions {

    @Option(names = "--defaults", defaultValue = "demo",
            description = "Config defaults the file and flags override: demo (CPU) or llama2 (the paper's shape).")
    String defaults;

    @Option(names = "--config", description = "Rejection-sampling config, YAML or JSON, laid over the defaults"
            + " (unknown keys are an error).")
    Path config;

    @Option(names = "--k", description = "Samples per prompt (overrides the config).")
    Integer k;

    @Option(names = "--temperature", split = ",", description = "Temperature(s) to sweep; one value: no sweep"
            + " (overrides the config).")
    List<Double> temperatures;

    /** The defaults, the config file over them, then the flags over both. */
    RejectionSamplingConfig resolve() throws IOException {
        RejectionSamplingConfig base = switch (defaults) {
            case "demo" -> RejectionSamplingConfig.demo();
            case "llama2" -> RejectionSamplingConfig.llama2();
            default -> throw new IllegalArgumentException("--defaults must be demo or llama2, got " + defaults);
        };
        RejectionSamplingConfig c = config == null ? base : RejectionSamplingConfig.read(config, base);
        if (k != null) {
            c = c.withK(k);
        }
        if (temperatures != null) {
            c = c.withTemperatures(temperatures);
        }
        return c;
    }
}
