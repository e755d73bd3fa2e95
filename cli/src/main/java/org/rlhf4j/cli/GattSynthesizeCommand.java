package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.eval.GattPipeline;
import org.rlhf4j.ghostattention.GattSynthesis;
import org.rlhf4j.ghostattention.GattSynthesisConfig;
import org.rlhf4j.ghostattention.GattSynthesizer;
import org.rlhf4j.ghostattention.GattTurnFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf gatt synthesize --model DIR --instructions FILE --prompts FILE --out FILE [--dialogs N] [--turns N]
 * [--samples-per-turn N] [--max-new-tokens N] [--exclude-kind K]... [--filter arena|none] [--seed N]}: multi-turn GAtt dialogs sampled from the
 * model with the instruction on every user message, written in training form (instruction only in the first turn).
 * Defaults: {@code GattSynthesisConfig.demo()}.
 */
@Command(name = "synthesize", mixinStandardHelpOptions = true,
        description = "Sample multi-turn GAtt dialogs (instruction on every user message) from a chat model.")
public final class GattSynthesizeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Chat model directory (with tokenizer.json).")
    Path model;

    @Option(names = "--instructions", required = true,
            description = "GAtt constraints, JSON Lines {kind, value, text, short_text} (e.g. arena/gatt/constraints.jsonl).")
    Path instructions;

    @Option(names = "--prompts", required = true, description = "Prompts whose user messages become the user turns.")
    Path prompts;

    @Option(names = "--out", required = true, description = "Output dialogs (JSON Lines).")
    Path out;

    @Option(names = "--dialogs", description = "Dialogs to synthesize (default: ${DEFAULT-VALUE}).", defaultValue = "480")
    int dialogs;

    @Option(names = "--turns", description = "User turns per dialog (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    int turns;

    @Option(names = "--samples-per-turn",
            description = "Answers sampled per dialog and turn; the first the filter accepts is kept (default: the demo's).")
    Integer samplesPerTurn;

    @Option(names = "--max-new-tokens", description = "The most tokens per sampled answer (default: the demo's).")
    Integer maxNewTokens;

    @Option(names = "--exclude-kind", description = "Constraint kind to leave out (default: hobby; 'none' for none).",
            defaultValue = "hobby")
    List<String> excludeKinds;

    @Option(names = "--filter", defaultValue = "arena",
            description = "Per-turn filter: arena (the arena's constraint checker) or none (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--seed", defaultValue = "1", description = "Synthesis seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        GattSynthesisConfig config;
        GattTurnFilter turnFilter;
        try {
            GattSynthesisConfig d = GattSynthesisConfig.demo();
            List<String> excluded = excludeKinds.contains("none") ? List.of() : excludeKinds;
            config = new GattSynthesisConfig(dialogs, turns,
                    samplesPerTurn == null ? d.samplesPerTurn() : samplesPerTurn, d.temperature(), d.topP(),
                    maxNewTokens == null ? d.maxNewTokens() : maxNewTokens, d.batchSize(), d.maxConstraints(), d.shortenedRate(), excluded,
                    d.skipSafetyPrompts(), seed);
            turnFilter = switch (filter) {
                case "arena" -> GattPipeline.arenaFilter();
                case "none" -> GattTurnFilter.ACCEPT_ALL;
                default -> throw new IllegalArgumentException("--filter must be arena or none, got " + filter);
            };
        } catch (IllegalArgumentException e) {
            err.println("rlhf gatt synthesize: " + e.getMessage());
            return 2;
        }
        GattSynthesis result;
        try {
            result = GattSynthesizer.synthesize(model, instructions, prompts, out, config, turnFilter);
        } catch (IllegalArgumentException | IOException e) {
            err.println("rlhf gatt synthesize: " + e.getMessage());
            return 1;
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Map.Entry<String, Object> e : result.stats().summary().entrySet()) {
            o.printf("%s: %s%n", e.getKey(), e.getValue());
        }
        o.printf("%d dialogs written to %s%n", result.dialogs().size(), out);
        o.flush();
        return 0;
    }
}
