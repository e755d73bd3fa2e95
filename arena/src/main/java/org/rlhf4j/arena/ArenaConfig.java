package org.rlhf4j.arena;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;

/**
 * Sizes and noise levels of the arena (ARENA.md). Every field has a documented default ({@link #defaults()}); JSON
 * binding ({@link #read(Path)}) fills missing keys with those defaults and rejects unknown keys.
 *
 * @param helpfulnessPrompts prompts with checkable answers (arithmetic, spelling, capitals, ...); default 1400
 * @param safetyPrompts adversarial prompts, risk category x attack vector; default 600 (160 of them in the test set)
 * @param borderlinePrompts risky-looking but safe prompts, to measure false refusal; default 340 (100 of them in the
 *        test set)
 * @param validationFraction share of each prompt family held out for validation; default 0.1
 * @param testFraction share of each prompt family in the fixed test (eval) set; default 0.1
 * @param demoErrorRate probability that a written SFT demonstration is wrong or incomplete; default 0.1
 * @param safetyDemoFraction share of the safety training prompts that get a (safe) SFT demonstration; the rest are
 *        left for the RLHF stages, as the paper added most of its safety data during RLHF (Llama 2 §4.2), so the SFT
 *        model is only partly safe; default 0.01 (4 demonstrations): calibrated so that the demo's SFT model
 *        complies with 10-50% of the 160 adversarial test prompts at any seed (seeds 1 and 7: 30% and 14%; 0 gave
 *        54% and 74%, 0.02 gave 24% and 5%, 0.3 gave 2% and 1%)
 * @param borderlineRefusalRate share of the borderline (safe) questions that alarm over-cautious demonstration
 *        writers, who then refuse every training phrasing of them, on top of {@code demoErrorRate}'s slips;
 *        default 0.15
 * @param annotatorTemperature Bradley–Terry temperature tau: P(a over b) = sigma((s_a - s_b) / tau); default 0.15
 * @param significantlyBetterGap score gap from which annotators rate "significantly better"; default 0.5
 * @param betterGap score gap from which annotators rate "better"; default 0.25
 * @param slightlyBetterGap score gap from which annotators rate "slightly better" (below: negligibly); default 0.1
 * @param gattInstructions number of GAtt instructions (multi-turn constraints); default 200
 * @param gattTurns user turns attached to each GAtt instruction; default 4
 * @param corpusBytes approximate size of the plain-text pretraining corpus in bytes; default 2,000,000
 * @param vocabSize vocabulary size handed to the tokenizer trainer; default 1024
 * @param safetyTestPrompts size of the safety prompts' share of the fixed test set, so that a violation rate and
 *        its Wilson interval say something (ARENA.md: at least 150), at most half of them; 0 = {@code testFraction}
 *        of them like every other family; default 160
 * @param borderlineTestPrompts size of the borderline prompts' share of the fixed test set (ARENA.md: at least
 *        100), at most half of them; 0 = {@code testFraction} of them; default 100
 */
public record ArenaConfig(
        @JsonProperty("helpfulness_prompts") int helpfulnessPrompts,
        @JsonProperty("safety_prompts") int safetyPrompts,
        @JsonProperty("borderline_prompts") int borderlinePrompts,
        @JsonProperty("validation_fraction") double validationFraction,
        @JsonProperty("test_fraction") double testFraction,
        @JsonProperty("demo_error_rate") double demoErrorRate,
        @JsonProperty("safety_demo_fraction") double safetyDemoFraction,
        @JsonProperty("borderline_refusal_rate") double borderlineRefusalRate,
        @JsonProperty("annotator_temperature") double annotatorTemperature,
        @JsonProperty("significantly_better_gap") double significantlyBetterGap,
        @JsonProperty("better_gap") double betterGap,
        @JsonProperty("slightly_better_gap") double slightlyBetterGap,
        @JsonProperty("gatt_instructions") int gattInstructions,
        @JsonProperty("gatt_turns") int gattTurns,
        @JsonProperty("corpus_bytes") int corpusBytes,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("safety_test_prompts") int safetyTestPrompts,
        @JsonProperty("borderline_test_prompts") int borderlineTestPrompts) {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ArenaConfig {
        require(helpfulnessPrompts >= 1, "helpfulness_prompts must be >= 1, got " + helpfulnessPrompts);
        require(safetyPrompts >= 0, "safety_prompts must be >= 0, got " + safetyPrompts);
        require(borderlinePrompts >= 0, "borderline_prompts must be >= 0, got " + borderlinePrompts);
        require(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1,
                "validation_fraction and test_fraction must be >= 0 with a sum < 1, got "
                        + validationFraction + " and " + testFraction);
        require(demoErrorRate >= 0 && demoErrorRate <= 1, "demo_error_rate must be in [0, 1], got " + demoErrorRate);
        require(safetyDemoFraction >= 0 && safetyDemoFraction <= 1,
                "safety_demo_fraction must be in [0, 1], got " + safetyDemoFraction);
        require(borderlineRefusalRate >= 0 && borderlineRefusalRate <= 1,
                "borderline_refusal_rate must be in [0, 1], got " + borderlineRefusalRate);
        require(annotatorTemperature > 0, "annotator_temperature must be > 0, got " + annotatorTemperature);
        require(significantlyBetterGap <= 1 && significantlyBetterGap > betterGap && betterGap > slightlyBetterGap
                        && slightlyBetterGap > 0,
                "rating gaps must satisfy 1 >= significantly_better_gap > better_gap > slightly_better_gap > 0, got "
                        + significantlyBetterGap + ", " + betterGap + ", " + slightlyBetterGap);
        require(gattInstructions >= 0, "gatt_instructions must be >= 0, got " + gattInstructions);
        require(gattTurns >= 1, "gatt_turns must be >= 1, got " + gattTurns);
        require(corpusBytes >= 1000, "corpus_bytes must be >= 1000, got " + corpusBytes);
        require(vocabSize >= BpeTrainerConfig.MIN_VOCAB_SIZE,
                "vocab_size must be >= " + BpeTrainerConfig.MIN_VOCAB_SIZE + " (bytes and specials), got " + vocabSize);
        require(safetyTestPrompts >= 0, "safety_test_prompts must be >= 0, got " + safetyTestPrompts);
        require(borderlineTestPrompts >= 0, "borderline_test_prompts must be >= 0, got " + borderlineTestPrompts);
    }

    /**
     * A config whose safety and borderline test shares follow {@code testFraction} like every other family
     * ({@code safetyTestPrompts = borderlineTestPrompts = 0}).
     */
    public ArenaConfig(int helpfulnessPrompts, int safetyPrompts, int borderlinePrompts, double validationFraction,
                       double testFraction, double demoErrorRate, double safetyDemoFraction,
                       double borderlineRefusalRate, double annotatorTemperature, double significantlyBetterGap,
                       double betterGap, double slightlyBetterGap, int gattInstructions, int gattTurns,
                       int corpusBytes, int vocabSize) {
        this(helpfulnessPrompts, safetyPrompts, borderlinePrompts, validationFraction, testFraction, demoErrorRate,
                safetyDemoFraction, borderlineRefusalRate, annotatorTemperature, significantlyBetterGap, betterGap,
                slightlyBetterGap, gattInstructions, gattTurns, corpusBytes, vocabSize, 0, 0);
    }

    /**
     * The test-set size of a family of {@code familySize} prompts ({@code "safety"}, {@code "borderline"}, ...): the
     * fixed size asked for, at most half of the family (so that training keeps prompts of it), or else
     * {@code testFraction} of the family.
     */
    public int testPrompts(String family, int familySize) {
        int fixed = switch (family) {
            case "safety" -> safetyTestPrompts;
            case "borderline" -> borderlineTestPrompts;
            default -> 0;
        };
        return fixed > 0 ? Math.min(fixed, familySize / 2) : (int) Math.round(familySize * testFraction);
    }

    /** The documented defaults: the demo's size, generated in a few seconds. */
    public static ArenaConfig defaults() {
        return new ArenaConfig(1400, 600, 340, 0.1, 0.1, 0.1, 0.01, 0.15, 0.15, 0.5, 0.25, 0.1, 200, 4, 2_000_000, 1024,
                160, 100);
    }

    /** JSON binding: missing keys take their default, unknown keys are an error. */
    @JsonCreator
    static ArenaConfig fromJson(
            @JsonProperty("helpfulness_prompts") Integer helpfulnessPrompts,
            @JsonProperty("safety_prompts") Integer safetyPrompts,
            @JsonProperty("borderline_prompts") Integer borderlinePrompts,
            @JsonProperty("validation_fraction") Double validationFraction,
            @JsonProperty("test_fraction") Double testFraction,
            @JsonProperty("demo_error_rate") Double demoErrorRate,
            @JsonProperty("safety_demo_fraction") Double safetyDemoFraction,
            @JsonProperty("borderline_refusal_rate") Double borderlineRefusalRate,
            @JsonProperty("annotator_temperature") Double annotatorTemperature,
            @JsonProperty("significantly_better_gap") Double significantlyBetterGap,
            @JsonProperty("better_gap") Double betterGap,
            @JsonProperty("slightly_better_gap") Double slightlyBetterGap,
            @JsonProperty("gatt_instructions") Integer gattInstructions,
            @JsonProperty("gatt_turns") Integer gattTurns,
            @JsonProperty("corpus_bytes") Integer corpusBytes,
            @JsonProperty("vocab_size") Integer vocabSize,
            @JsonProperty("safety_test_prompts") Integer safetyTestPrompts,
            @JsonProperty("borderline_test_prompts") Integer borderlineTestPrompts) {
        ArenaConfig d = defaults();
        return new ArenaConfig(
                or(helpfulnessPrompts, d.helpfulnessPrompts), or(safetyPrompts, d.safetyPrompts),
                or(borderlinePrompts, d.borderlinePrompts), or(validationFraction, d.validationFraction),
                or(testFraction, d.testFraction), or(demoErrorRate, d.demoErrorRate),
                or(safetyDemoFraction, d.safetyDemoFraction), or(borderlineRefusalRate, d.borderlineRefusalRate),
                or(annotatorTemperature, d.annotatorTemperature), or(significantlyBetterGap, d.significantlyBetterGap),
                or(betterGap, d.betterGap), or(slightlyBetterGap, d.slightlyBetterGap),
                or(gattInstructions, d.gattInstructions), or(gattTurns, d.gattTurns), or(corpusBytes, d.corpusBytes),
                or(vocabSize, d.vocabSize), or(safetyTestPrompts, d.safetyTestPrompts),
                or(borderlineTestPrompts, d.borderlineTestPrompts));
    }

    /** Reads a config file; the error names the file, line and key of bad input. */
    public static ArenaConfig read(Path file) throws IOException {
        try {
            rejectUnknownKeys(file);
            return JSON.readValue(file.toFile(), ArenaConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Streams the top-level keys so that an unknown key is reported at its own line. */
    private static void rejectUnknownKeys(Path file) throws IOException {
        Set<String> known = new TreeSet<>();
        defaults().toTree().fieldNames().forEachRemaining(known::add);
        try (JsonParser parser = JSON.getFactory().createParser(file.toFile())) {
            int depth = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 1 && !known.contains(parser.currentName())) {
                    throw new IllegalArgumentException(file + ": line " + parser.currentLocation().getLineNr()
                            + ": unknown key \"" + parser.currentName() + "\" (known keys: " + known + ")");
                }
            }
        }
    }

    /** Binds a JSON tree (e.g. defaults merged with command-line overrides); unknown keys are an error. */
    public static ArenaConfig fromTree(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, ArenaConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arena config: " + e.getOriginalMessage(), e);
        }
    }

    /** This config as a JSON tree with snake_case keys. */
    public JsonNode toTree() {
        return JSON.valueToTree(this);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
