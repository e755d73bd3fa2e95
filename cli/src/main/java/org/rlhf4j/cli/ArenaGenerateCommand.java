package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf arena generate --out DIR --seed N [--config arena.json] [size flags]}: writes an arena directory
 * (corpus, SFT demonstrations, prompt splits, bootstrap preferences, GAtt instructions, manifest). Size flags
 * override the config file, which overrides the defaults.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate an arena directory, a pure function of (config, seed).")
public final class ArenaGenerateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--config", description = "Arena config JSON (snake_case keys; unknown keys are an error).")
    Path config;

    @Option(names = {"--prompts", "--helpfulness-prompts"}, description = "Helpfulness prompts (default 1400).")
    Integer helpfulnessPrompts;

    @Option(names = "--safety-prompts", description = "Adversarial safety prompts (default 600).")
    Integer safetyPrompts;

    @Option(names = "--safety-test-prompts",
            description = "Safety prompts in the fixed test set, at most half of them (default 160).")
    Integer safetyTestPrompts;

    @Option(names = "--borderline-prompts", description = "Borderline-but-safe prompts (default 340).")
    Integer borderlinePrompts;

    @Option(names = "--borderline-test-prompts",
            description = "Borderline prompts in the fixed test set, at most half of them (default 100).")
    Integer borderlineTestPrompts;

    @Option(names = "--demo-error-rate", description = "Share of flawed SFT demonstrations (default 0.1).")
    Double demoErrorRate;

    @Option(names = "--safety-demo-fraction",
            description = "Share of safety training prompts with an SFT demonstration; the rest are left for RLHF "
                    + "(default 0.01).")
    Double safetyDemoFraction;

    @Option(names = "--borderline-refusal-rate",
            description = "Share of borderline questions whose demonstrations needlessly refuse (default 0.15).")
    Double borderlineRefusalRate;

    @Option(names = "--gatt-instructions", description = "GAtt instructions (default 200).")
    Integer gattInstructions;

    @Option(names = "--corpus-bytes", description = "Pretraining corpus size in bytes (default 2000000).")
    Integer corpusBytes;

    @Option(names = "--vocab-size", description = "Tokenizer vocabulary size (default 1024).")
    Integer vocabSize;

    @Override
    public Integer call() throws Exception {
        ArenaConfig resolved = resolve();
        long start = System.nanoTime();
        Manifest manifest = ArenaGenerator.generate(resolved, seed, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        java.io.PrintWriter console = spec.commandLine().getOut();
        console.printf("arena written to %s in %.1f s (seed %d)%n", out, seconds, seed);
        manifest.metrics().forEach((k, v) -> console.println("  " + k + ": " + v));
        console.flush();
        return 0;
    }

    private ArenaConfig resolve() throws java.io.IOException {
        ArenaConfig base = config == null ? ArenaConfig.defaults() : ArenaConfig.read(config);
        ObjectNode tree = (ObjectNode) base.toTree();
        putIfSet(tree, "helpfulness_prompts", helpfulnessPrompts);
        putIfSet(tree, "safety_prompts", safetyPrompts);
        putIfSet(tree, "borderline_prompts", borderlinePrompts);
        putIfSet(tree, "safety_test_prompts", safetyTestPrompts);
        putIfSet(tree, "borderline_test_prompts", borderlineTestPrompts);
        putIfSet(tree, "demo_error_rate", demoErrorRate);
        putIfSet(tree, "safety_demo_fraction", safetyDemoFraction);
        putIfSet(tree, "borderline_refusal_rate", borderlineRefusalRate);
        putIfSet(tree, "gatt_instructions", gattInstructions);
        putIfSet(tree, "corpus_bytes", corpusBytes);
        putIfSet(tree, "vocab_size", vocabSize);
        return ArenaConfig.fromTree(tree);
    }

    private static void putIfSet(ObjectNode tree, String key, Number value) {
        if (value instanceof Integer i) {
            tree.put(key, i);
        } else if (value instanceof Double d) {
            tree.put(key, d);
        }
    }
}
