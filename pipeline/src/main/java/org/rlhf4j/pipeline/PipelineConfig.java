package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.training.StrictConfigFile;

/**
 * The recipe's schedule and every stage's config (METHOD.md §8), read strictly from YAML or JSON over a preset
 * ({@link #demo()}); an unknown key is an error naming file, line and key.
 *
 * @param seed seed of the whole run (arena, initialisation, data order, sampling); default 1
 * @param basePreset {@code LlamaConfig} preset of the pretrained base model; demo: {@code demo} (hidden 64, 4 layers)
 * @param arena the simulated annotation vendor's sizes and noise ({@link ArenaConfig#defaults()})
 * @param pretraining language-model pretraining of the base model on the arena corpus
 *     ({@link SftConfig#demoPretraining()})
 * @param sft supervised fine-tuning on the arena's demonstrations ({@link SftConfig#demo()})
 * @param evaluation how every version answers the fixed test prompts for the judge: greedy, 64 new tokens
 *     ({@link ChatSamplingConfig#greedy()}), so the report's numbers are seed-free
 * @param maxSteps caps every training stage at this many updates (smoke runs); null = each stage's own length
 */
public record PipelineConfig(
        @JsonProperty("seed") long seed,
        @JsonProperty("base_preset") String basePreset,
        @JsonProperty("arena") ArenaConfig arena,
        @JsonProperty("pretraining") SftConfig pretraining,
        @JsonProperty("sft") SftConfig sft,
        @JsonProperty("evaluation") ChatSamplingConfig evaluation,
        @JsonProperty("max_steps") Integer maxSteps) {

    public PipelineConfig {
        if (basePreset == null || basePreset.isBlank()) {
            throw new IllegalArgumentException("base_preset must name a model preset");
        }
        if (arena == null || pretraining == null || sft == null || evaluation == null) {
            throw new IllegalArgumentException("arena, pretraining, sft and evaluation must be set");
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("max_steps must be >= 1 when set, got " + maxSteps);
        }
    }

    /**
     * The CPU demo: the arena's defaults, the {@code demo} base model (pretraining ≈ 2.5 min, SFT ≈ 1 min on two
     * cores), greedy evaluation; the whole recipe within the README's time budget.
     */
    public static PipelineConfig demo() {
        return new PipelineConfig(1L, "demo", ArenaConfig.defaults(), SftConfig.demoPretraining(), SftConfig.demo(),
                ChatSamplingConfig.greedy(), null);
    }

    /** Reads a schedule file over {@link #demo()}. */
    public static PipelineConfig read(Path file) throws IOException {
        return StrictConfigFile.read(file, PipelineConfig.class, demo());
    }

    /** This config with another seed and step cap (command-line overrides; null keeps the current value). */
    public PipelineConfig withOverrides(Long newSeed, Integer newMaxSteps) {
        return new PipelineConfig(newSeed == null ? seed : newSeed, basePreset, arena, pretraining, sft, evaluation,
                newMaxSteps == null ? maxSteps : newMaxSteps);
    }

    /** {@code config} with the run's seed and step cap written in (what the stage runs with and records). */
    SftConfig resolve(SftConfig config) {
        return config.withOverrides(maxSteps, null, seed);
    }
}
