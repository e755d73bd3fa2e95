package org.rlhf4j.ghostattention;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How {@link GattSynthesizer} builds multi-turn GAtt dialogs (paper §3.3). The paper states the recipe (instruction
 * on every user message, answers sampled from the latest RLHF model, random combinations of constraints, shortened
 * half of the time) but not the sizes; those are fields with stated defaults.
 *
 * @param dialogs dialogs to synthesize
 * @param turns user turns per dialog; the user messages are chained prompts
 * @param samplesPerTurn answers sampled per turn; the first one the {@link GattTurnFilter} accepts is kept
 * @param temperature sampling temperature (default 1.0, the paper's rejection-sampling temperature is higher; a
 *     tiny model stays on topic at 1.0)
 * @param topP nucleus threshold in (0, 1]; default 0.9
 * @param maxNewTokens the most tokens per sampled answer; a sample that reaches it without EOS is rejected; a
 *     dialog ends where its next prompt plus this no longer fits the context
 * @param batchSize rows (dialogs × samples) decoded together by the KV-cache generator
 * @param maxConstraints the most constraints combined into one instruction (each of a different kind); default 2
 * @param shortenedRate share of instructions written in the short form; the paper: half of the time (0.5)
 * @param excludedKinds constraint kinds left out of the data (to measure zero-shot retention on them)
 * @param skipSafetyPrompts leave prompts tagged {@code is_safety} out of the user turns; default true
 * @param seed makes the synthesis reproducible
 */
public record GattSynthesisConfig(
        @JsonProperty("dialogs") int dialogs,
        @JsonProperty("turns") int turns,
        @JsonProperty("samples_per_turn") int samplesPerTurn,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP,
        @JsonProperty("max_new_tokens") int maxNewTokens,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("max_constraints") int maxConstraints,
        @JsonProperty("shortened_rate") double shortenedRate,
        @JsonProperty("excluded_kinds") List<String> excludedKinds,
        @JsonProperty("skip_safety_prompts") boolean skipSafetyPrompts,
        @JsonProperty("seed") long seed) {

    /** Validates every field. */
    public GattSynthesisConfig {
        require(dialogs >= 1, "dialogs must be >= 1, got " + dialogs);
        require(turns >= 1, "turns must be >= 1, got " + turns);
        require(samplesPerTurn >= 1, "samples_per_turn must be >= 1, got " + samplesPerTurn);
        require(temperature > 0 && !Double.isInfinite(temperature), "temperature must be > 0, got " + temperature);
        require(topP > 0 && topP <= 1, "top_p must be in (0, 1], got " + topP);
        require(maxNewTokens >= 1, "max_new_tokens must be >= 1, got " + maxNewTokens);
        require(batchSize >= 1, "batch_size must be >= 1, got " + batchSize);
        require(maxConstraints >= 1, "max_constraints must be >= 1, got " + maxConstraints);
        require(shortenedRate >= 0 && shortenedRate <= 1, "shortened_rate must be in [0, 1], got " + shortenedRate);
        excludedKinds = excludedKinds == null ? List.of() : List.copyOf(excludedKinds);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Sizes in the spirit of the paper for a 7B model: 2,000 dialogs of 8 turns, 4 samples per turn, temperature
     * 1.0, top-p 0.9, 256 new tokens, batch 32, up to 3 constraints, shortened half of the time.
     */
    public static GattSynthesisConfig llama2() {
        return new GattSynthesisConfig(2000, 8, 4, 1.0, 0.9, 256, 32, 3, 0.5, List.of(), true, 1L);
    }

    /**
     * The CPU demo: 480 dialogs of up to 7 turns (a dialog ends early where the tiny model's 512-token context is
     * full), answers of up to 48 tokens (an uppercase answer takes about one token per character), 4 samples per
     * turn, temperature 1.0, top-p 0.9, batch 96 rows, up to 2 constraints,
     * shortened half of the time, the {@code hobby} kind held out (zero-shot retention is measured on it). Measured
     * on the demo's SFT model, 480 dialogs lifted retention at turn 6 (seen kinds) to 83% where 240 gave 66%.
     */
    public static GattSynthesisConfig demo() {
        return new GattSynthesisConfig(480, 7, 4, 1.0, 0.9, 48, 96, 2, 0.5, List.of("hobby"), true, 1L);
    }

    /** This config with another seed. */
    public GattSynthesisConfig withSeed(long newSeed) {
        return new GattSynthesisConfig(dialogs, turns, samplesPerTurn, temperature, topP, maxNewTokens, batchSize,
                maxConstraints, shortenedRate, excludedKinds, skipSafetyPrompts, newSeed);
    }

    /** This config with another number of dialogs and turns. */
    public GattSynthesisConfig withSize(int newDialogs, int newTurns) {
        return new GattSynthesisConfig(newDialogs, newTurns, samplesPerTurn, temperature, topP, maxNewTokens,
                batchSize, maxConstraints, shortenedRate, excludedKinds, skipSafetyPrompts, seed);
    }
}
