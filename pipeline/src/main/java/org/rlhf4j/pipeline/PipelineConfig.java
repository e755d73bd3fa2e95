package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.GattPipeline;
import org.rlhf4j.ghostattention.GattSynthesisConfig;
import org.rlhf4j.ghostattention.GattTrainingConfig;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.ppo.PpoConfig;
import org.rlhf4j.rejectionsampling.ContextDistillationConfig;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rewardmodel.RewardModelConfig;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.training.StrictConfigFile;

/**
 * The recipe's schedule and every stage's config (METHOD.md §8), read strictly from YAML or JSON over a preset
 * ({@link #demo()}); an unknown key is an error naming file, line and key.
 *
 * <p>Schedule: SFT, then for each version v = 1 … {@code versions}: a preference batch sampled from the latest model
 * and annotated → both reward models retrained on all pairs so far → rejection sampling from the latest model
 * (from {@code pool_from_version} on, selecting over the pools of all earlier iterations) fine-tuned from SFT → in
 * version {@code ppo_version}, PPO on that rejection-sampling checkpoint.
 *
 * @param seed seed of the whole run (arena, initialisation, data order, sampling); default 1
 * @param basePreset {@code LlamaConfig} preset of the pretrained base model; demo: {@code demo} (hidden 64, 4 layers)
 * @param arena the simulated annotation vendor's sizes and noise ({@link ArenaConfig#defaults()})
 * @param pretraining language-model pretraining of the base model on the arena corpus
 *     ({@link SftConfig#demoPretraining()})
 * @param sft supervised fine-tuning on the arena's demonstrations ({@link SftConfig#demo()})
 * @param evaluation how every version answers the fixed test prompts for the judge: greedy, 64 new tokens
 *     ({@link ChatSamplingConfig#greedy()}), so the report's numbers are seed-free
 * @param versions RLHF iterations after SFT (paper: 5, RLHF-V1 … V5); 0 stops after SFT
 * @param preferencePrompts prompts of the arena's training split sampled for each version's preference batch (the
 *     paper collected weekly batches of varying size; demo 600)
 * @param preferenceTemperatures the two sampling temperatures of the latest model whose answers annotators compare
 *     (the paper: different model variants and temperatures; demo 1.0 and 1.4 — at lower temperatures half of the
 *     tiny model's pairs are identical texts)
 * @param rewardModel the Helpfulness RM's training ({@link RewardModelConfig#demo()}); retrained from SFT on all
 *     pairs so far in every version
 * @param safetyRewardModel the Safety RM's training ({@link RewardModelConfig#demoSafety()}: 6 epochs and a stronger,
 *     class-balanced label anchor, so that its gate σ(R_s) &lt; 0.15 flags most unsafe answers); retrained like the
 *     Helpfulness RM (with {@code warm_start_epochs} set, from V2 on from V1's RM of its kind instead)
 * @param rejectionSampling best-of-K, temperature sweep and fine-tuning ({@link RejectionSamplingConfig#demo()})
 * @param rsPrompts training prompts each version's rejection sampling draws K samples for: a seeded subset, a
 *     different one per version (the paper's RS used each iteration's prompt batch); 0 = all of them. Demo 400 (best-of-8
 *     over all 1,700 prompts takes 2.3 minutes a version on two cores)
 * @param poolFromVersion the first version whose selection draws on the samples of all earlier iterations (paper:
 *     from RLHF-V4, after V3 forgot skills); 0 = never
 * @param ppo PPO's settings ({@link PpoConfig#demo()})
 * @param ppoVersion the version that adds PPO on top of its rejection-sampling checkpoint (paper: 5); 0 = none. The
 *     report then shows that version with PPO ({@code v5}) and without ({@code v5_no_ppo})
 * @param gatt whether the run has Ghost Attention on the model of {@code gatt_from_version} (synthesis with the
 *     arena's checker as the per-turn filter, fine-tuning, retention per turn with and without it); default true.
 *     The paper joins GAtt data to the fine-tuning from RLHF-V3 on (V3, V4, V5); here its
 *     {@code gatt_training.rounds} rounds ({@code gatt/round-N}, each sampling from the previous round's model) branch
 *     off that version's model, so the versions' judge numbers and the retention table each show one thing
 * @param gattSynthesis GAtt dialog synthesis ({@link GattSynthesisConfig#demo()} with 160 dialogs of up to 7 turns in
 *     the demo schedule, for its time budget; 240 and 480 lift retention further)
 * @param gattTraining GAtt fine-tuning ({@link GattTrainingConfig#demo()} with 2 rounds of 2 epochs in the demo
 *     schedule, for its time budget, and a quarter of the SFT demonstrations mixed in)
 * @param diversity the diversity evaluation of SFT and the last version (Self-BLEU against temperature for creative
 *     and factual test prompts, paper Fig. 21; {@link DiversityConfig#demo()}, a few seconds)
 * @param maxSteps caps every SFT-style training stage at this many updates (smoke runs); null = each stage's own
 * @param studentPreset {@code LlamaConfig} preset of a smaller student model that rejection sampling is distilled
 *     into (paper §3.2.3: only the largest model sampled; the smaller ones were fine-tuned on its selections), or
 *     null for none (the default, see {@link #demo()}). It must have fewer parameters than {@code base_preset} at
 *     the same vocabulary. The student is pretrained and SFT'd with the teacher's {@code pretraining} and
 *     {@code sft} configs (only the preset differs), then fine-tuned on the teacher's selections with the
 *     rejection-sampling fine-tuning config ({@code rejection_sampling.fine_tune}: the same constant number of
 *     steps, from its own SFT model)
 * @param studentVersion the version whose rejection-sampling selections the student is distilled on; 0 = the last
 *     version (default: one distillation run, on the selections of the most improved teacher — the cheapest run
 *     that shows the student's gain from the teacher's selections against its own SFT)
 * @param contextDistillationVersion the version whose rejection-sampling model gets safety context distillation
 *     (paper §4.2.4; {@link org.rlhf4j.rejectionsampling.ContextDistillation}): its answers to the adversarial
 *     training prompts with and without the safety preprompt, the preprompted one kept where that version's
 *     Safety RM prefers it, joined to the version's selections and fine-tuned from SFT like the rejection-sampling
 *     model. That model becomes the version's model (PPO in the same version starts from it) and the report adds
 *     {@code v<n>_no_cd}, the version without it. 0 = off; a version beyond {@code versions} is never reached (a
 *     schedule over the demo's with fewer versions has none). Demo: 5 (see {@link #demo()})
 * @param contextDistillation the preprompt and generation settings ({@link ContextDistillationConfig#demo()})
 * @param gattFromVersion the version whose model the GAtt rounds start from; 0 = the last version. Demo: 2, the
 *     model the paper's first GAtt data (RLHF-V3's) would be sampled from; the branch then runs beside V3 … V5
 *     (stages in parallel) instead of after them. A version beyond {@code versions} means the last one (a schedule
 *     over the demo's with fewer versions)
 */
public record PipelineConfig(
        @JsonProperty("seed") long seed,
        @JsonProperty("base_preset") String basePreset,
        @JsonProperty("arena") ArenaConfig arena,
        @JsonProperty("pretraining") SftConfig pretraining,
        @JsonProperty("sft") SftConfig sft,
        @JsonProperty("evaluation") ChatSamplingConfig evaluation,
        @JsonProperty("versions") int versions,
        @JsonProperty("preference_prompts") int preferencePrompts,
        @JsonProperty("preference_temperatures") List<Double> preferenceTemperatures,
        @JsonProperty("reward_model") RewardModelConfig rewardModel,
        @JsonProperty("safety_reward_model") RewardModelConfig safetyRewardModel,
        @JsonProperty("rejection_sampling") RejectionSamplingConfig rejectionSampling,
        @JsonProperty("rs_prompts") int rsPrompts,
        @JsonProperty("pool_from_version") int poolFromVersion,
        @JsonProperty("ppo") PpoConfig ppo,
        @JsonProperty("ppo_version") int ppoVersion,
        @JsonProperty("gatt") boolean gatt,
        @JsonProperty("gatt_synthesis") GattSynthesisConfig gattSynthesis,
        @JsonProperty("gatt_training") GattTrainingConfig gattTraining,
        @JsonProperty("diversity") DiversityConfig diversity,
        @JsonProperty("max_steps") Integer maxSteps,
        @JsonProperty("student_preset") String studentPreset,
        @JsonProperty("student_version") int studentVersion,
        @JsonProperty("context_distillation_version") int contextDistillationVersion,
        @JsonProperty("context_distillation") ContextDistillationConfig contextDistillation,
        @JsonProperty("gatt_from_version") int gattFromVersion) {

    public PipelineConfig {
        if (basePreset == null || basePreset.isBlank()) {
            throw new IllegalArgumentException("base_preset must name a model preset");
        }
        if (arena == null || pretraining == null || sft == null || evaluation == null || rewardModel == null
                || safetyRewardModel == null
                || rejectionSampling == null || ppo == null || gattSynthesis == null || gattTraining == null
                || diversity == null) {
            throw new IllegalArgumentException(
                    "arena, pretraining, sft, evaluation, reward_model, safety_reward_model, rejection_sampling, ppo,"
                            + " gatt_synthesis, gatt_training and diversity must be set");
        }
        if (versions < 0) {
            throw new IllegalArgumentException("versions must be >= 0, got " + versions);
        }
        if (preferencePrompts < 1) {
            throw new IllegalArgumentException("preference_prompts must be >= 1, got " + preferencePrompts);
        }
        if (preferenceTemperatures == null || preferenceTemperatures.size() != 2
                || preferenceTemperatures.get(0).equals(preferenceTemperatures.get(1))) {
            throw new IllegalArgumentException("preference_temperatures must be two different temperatures, got "
                    + preferenceTemperatures);
        }
        preferenceTemperatures = List.copyOf(preferenceTemperatures);
        if (rsPrompts < 0) {
            throw new IllegalArgumentException("rs_prompts must be >= 0 (0 = all), got " + rsPrompts);
        }
        if (poolFromVersion < 0 || ppoVersion < 0 || ppoVersion > versions) {
            throw new IllegalArgumentException("pool_from_version must be >= 0 and ppo_version in [0, versions], got "
                    + poolFromVersion + " and " + ppoVersion);
        }
        if (gattFromVersion < 0) {
            throw new IllegalArgumentException("gatt_from_version must be >= 0 (0 = the last version), got "
                    + gattFromVersion);
        }
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("max_steps must be >= 1 when set, got " + maxSteps);
        }
        validateDistillation(basePreset, versions, studentPreset, studentVersion, contextDistillationVersion,
                contextDistillation);
    }

    /** The student's and context distillation's fields: a known smaller preset, versions inside the schedule. */
    private static void validateDistillation(String basePreset, int versions, String studentPreset,
                                             int studentVersion, int contextDistillationVersion,
                                             ContextDistillationConfig contextDistillation) {
        if (studentPreset != null) {
            LlamaConfig teacher = LlamaConfig.preset(basePreset);
            LlamaConfig student;
            try {
                student = LlamaConfig.preset(studentPreset);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("student_preset: " + e.getMessage(), e);
            }
            // Compared at the teacher's vocabulary: both use the arena's tokenizer.
            long t = teacher.parameterCount(HeadKind.CAUSAL_LM);
            long s = student.withVocabSize(teacher.vocabSize()).parameterCount(HeadKind.CAUSAL_LM);
            if (s >= t) {
                throw new IllegalArgumentException("student_preset '" + studentPreset + "' (" + s + " parameters) must"
                        + " be smaller than base_preset '" + basePreset + "' (" + t + ")");
            }
            if (versions < 1) {
                throw new IllegalArgumentException("student_preset needs versions >= 1 (the teacher's selections)");
            }
        }
        if (studentVersion < 0 || studentVersion > versions) {
            throw new IllegalArgumentException("student_version must be in [0, versions] (0 = the last), got "
                    + studentVersion);
        }
        if (contextDistillationVersion < 0) {
            throw new IllegalArgumentException("context_distillation_version must be >= 0 (0 = off), got "
                    + contextDistillationVersion);
        }
        if (contextDistillation == null) {
            throw new IllegalArgumentException("context_distillation must be set");
        }
    }

    /** GAtt dialogs synthesized per round in the demo schedule (for its time budget; 240 and 480 lift retention). */
    static final int DEMO_GATT_DIALOGS = 160;
    /** GAtt epochs per round in the demo schedule (for its time budget; the GAtt demo preset trains 3). */
    static final double DEMO_GATT_EPOCHS = 2.0;
    /** GAtt rounds in the demo schedule (for its time budget; the paper's V3, V4, V5 are three). */
    static final int DEMO_GATT_ROUNDS = 2;

    /**
     * The CPU demo: the arena's defaults, the {@code demo} base model, greedy evaluation, and the paper's schedule
     * (five versions, the pool of all iterations from V4, PPO in V5) with every stage's demo preset.
     *
     * <p>Safety context distillation is on in V5 (before PPO): on the seed-1 demo's V5 artifacts it kept 53 of 282
     * preprompted answers, and the model fine-tuned on the 400 selections plus those 53 targets won 34 of 41 decided
     * test prompts against the same fine-tuning without them (Wilson 95% 69–92%; 90% ties), with safety violations
     * 27/160 against 34/160, helpfulness 0.500 against 0.452 and false refusals 32/100 against 33/100, for about 80 s
     * on the loaded two cores (answering 282 prompts twice, 50 updates).
     *
     * <p>Distillation into the {@code tiny} student (paper §3.2.3: rejection sampling ran on the largest model and its
     * selections were distilled into the smaller ones) is on: the student is pretrained and SFT'd like the teacher and
     * fine-tuned on V5's fine-tuning data, and the report compares it with its own SFT. Its three stages took
     * 496 s + 194 s + 59 s on a loaded machine (pretraining alone 190 CPU-seconds); on the V5 selections of an
     * earlier demo the distilled student won 132 of 236 decided pairs against its own SFT (56%, Wilson 95% 50–62%)
     * and cut its safety violations from 57/160 to 26/160.
     */
    public static PipelineConfig demo() {
        return new PipelineConfig(1L, "demo", ArenaConfig.defaults(), SftConfig.demoPretraining(), SftConfig.demo(),
                ChatSamplingConfig.greedy(), 5, 600, List.of(1.0, 1.4), RewardModelConfig.demo(),
                RewardModelConfig.demoSafety(),
                RejectionSamplingConfig.demo(), 400, 4, PpoConfig.demo(), 5, true,
                GattSynthesisConfig.demo().withSize(DEMO_GATT_DIALOGS, 7),
                GattTrainingConfig.demo().withEpochs(DEMO_GATT_EPOCHS).withRounds(DEMO_GATT_ROUNDS),
                DiversityConfig.demo(), null, "tiny", 0, 5,
                ContextDistillationConfig.demo(), 2);
    }

    /**
     * Reads a schedule file over {@link #demo()}. The demo's student is a default like any other, except that a file
     * which leaves {@code student_preset} out and sets a {@code base_preset} the student is not smaller than gets no
     * student (as {@link #withDemoOptions} drops it); a {@code student_preset} the file sets is validated as given.
     */
    public static PipelineConfig read(Path file) throws IOException {
        PipelineConfig demo = demo();
        PipelineConfig withoutStudent = StrictConfigFile.read(file, PipelineConfig.class, demo.withStudent(null));
        com.fasterxml.jackson.databind.JsonNode keys = StrictConfigFile.mapper(file).readTree(file.toFile());
        boolean setsStudent = keys != null && keys.isObject() && keys.has("student_preset");
        if (setsStudent) {
            return StrictConfigFile.read(file, PipelineConfig.class, demo);
        }
        return studentFits(demo.studentPreset(), withoutStudent.basePreset(), withoutStudent.versions())
                ? withoutStudent.withStudent(demo.studentPreset()) : withoutStudent;
    }

    /** This config with another student preset (null: no student). */
    PipelineConfig withStudent(String newStudentPreset) {
        return new PipelineConfig(seed, basePreset, arena, pretraining, sft, evaluation, versions, preferencePrompts,
                preferenceTemperatures, rewardModel, safetyRewardModel, rejectionSampling, rsPrompts, poolFromVersion,
                ppo, ppoVersion, gatt, gattSynthesis, gattTraining, diversity, maxSteps, newStudentPreset,
                studentVersion, contextDistillationVersion, contextDistillation, gattFromVersion);
    }

    /** This config with another seed and step cap (command-line overrides; null keeps the current value). */
    public PipelineConfig withOverrides(Long newSeed, Integer newMaxSteps) {
        return new PipelineConfig(newSeed == null ? seed : newSeed, basePreset, arena, pretraining, sft, evaluation,
                versions, preferencePrompts, preferenceTemperatures, rewardModel, safetyRewardModel, rejectionSampling, rsPrompts,
                poolFromVersion, ppo, ppoVersion, gatt, gattSynthesis, gattTraining, diversity,
                newMaxSteps == null ? maxSteps : newMaxSteps,
                studentPreset, studentVersion, contextDistillationVersion, contextDistillation, gattFromVersion);
    }

    /**
     * This config with another base preset, arena and schedule length (the demo command's options). A student that
     * is not smaller than the new base, or a schedule without versions, drops the student; a context-distillation
     * version beyond the new schedule is dropped too.
     */
    public PipelineConfig withDemoOptions(String newBasePreset, ArenaConfig newArena, Integer newVersions) {
        int v = newVersions == null ? versions : newVersions;
        return new PipelineConfig(seed, newBasePreset, newArena, pretraining, sft, evaluation, v, preferencePrompts,
                preferenceTemperatures, rewardModel, safetyRewardModel, rejectionSampling, rsPrompts, poolFromVersion, ppo,
                Math.min(ppoVersion, v),
                gatt, gattSynthesis, gattTraining, diversity, maxSteps, studentFits(studentPreset, newBasePreset, v)
                        ? studentPreset : null, Math.min(studentVersion, v),
                contextDistillationVersion <= v ? contextDistillationVersion : 0, contextDistillation,
                gattFromVersion);
    }

    private static boolean studentFits(String student, String base, int versions) {
        if (student == null || versions < 1) {
            return false;
        }
        try {
            validateDistillation(base, versions, student, 0, 0, ContextDistillationConfig.demo());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The version the student is distilled on (0 when there is no student). */
    int studentSelectionsVersion() {
        return studentPreset == null ? 0 : studentVersion == 0 ? versions : studentVersion;
    }

    /** Rejection sampling with the step cap written into its fine-tuning. */
    RejectionSamplingConfig rejectionSamplingResolved() {
        return rejectionSampling.withFineTune(resolve(rejectionSampling.fineTune()));
    }

    /** The version the GAtt rounds start from (0 or beyond the schedule: the last). */
    int gattRootVersion() {
        return gattFromVersion == 0 || gattFromVersion > versions ? versions : gattFromVersion;
    }

    /** The GAtt stage's settings with the run's seed and step cap written in; greedy retention answers. */
    GattPipeline.Settings gattResolved() {
        return new GattPipeline.Settings(gattSynthesis.withSeed(seed),
                gattTraining.withOverrides(maxSteps, null, seed),
                ChatSamplingConfig.greedy().withMaxNewTokens(48).withBatchSize(64));
    }

    /** {@code config} with the run's seed and step cap written in (what the stage runs with and records). */
    SftConfig resolve(SftConfig config) {
        return config.withOverrides(maxSteps, null, seed);
    }
}
