package org.rlhf4j.pipeline;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.GattPipeline;
import org.rlhf4j.eval.PreferenceBatch;
import org.rlhf4j.eval.PreferenceSamplingConfig;
import org.rlhf4j.eval.RetentionCurve;
import org.rlhf4j.eval.SamplingVariant;
import org.rlhf4j.ppo.PpoResult;
import org.rlhf4j.ppo.PpoTrainer;
import org.rlhf4j.rejectionsampling.ContextDistillation;
import org.rlhf4j.rejectionsampling.ContextDistillationConfig;
import org.rlhf4j.rejectionsampling.Distillation;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rejectionsampling.TemperatureSweep;
import org.rlhf4j.rewardmodel.RewardModelConfig;
import org.rlhf4j.rewardmodel.RewardModelKind;
import org.rlhf4j.rewardmodel.RewardModelResult;
import org.rlhf4j.rewardmodel.RewardModelTrainer;
import org.rlhf4j.sft.Pretraining;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import org.rlhf4j.training.RunCheckpoint;

/**
 * The iteration driver (METHOD.md §8): the only code that knows the order of the stages. It lays the schedule out
 * as {@link Stage}s under one run directory and lets a {@link StageRunner} run them like {@code make}, then writes
 * the {@link RecipeReport}.
 *
 * <p>Schedule: {@code arena} (the simulated vendor's data) → {@code base} (pretraining on its corpus) → {@code sft}
 * (supervised fine-tuning on its demonstrations) → for each version v: {@code v<v>/preferences} (a batch sampled
 * from the latest model, annotated by the arena) → {@code v<v>/rm-helpfulness}, {@code v<v>/rm-safety} (both reward
 * models retrained on the bootstrap pairs and every batch so far, from SFT or, with {@code warm_start_epochs}, from
 * V1's RM of their kind) → {@code v<v>/rs} (best-of-K from the latest model under the gated reward, fine-tuned from
 * SFT) → in the PPO version {@code v<v>/ppo} (PPO on that
 * checkpoint) → {@code eval/<version>} (each version answers the fixed test prompts; the arena judges) →
 * {@code report.json}, {@code report.md}.
 *
 * <p>Switched on by the schedule: {@code v<n>/context-distillation} after that version's rejection sampling (safety
 * context distillation, its model becomes the version's; the report adds {@code v<n>_no_cd}); {@code student/base},
 * {@code student/sft}, {@code student/distilled} (a smaller model pretrained and SFT'd like the teacher, then
 * fine-tuned on the teacher's selections; the report adds {@code student_sft}, {@code student_distilled} and the
 * distilled student's win rate against its own SFT).
 */
public final class Recipe {

    /** The versions the report compares, in order. */
    private final List<String> versions = new ArrayList<>();
    /** The GAtt stage's name, when the schedule has one (for the report's retention table). */
    private String gattStage;
    /** The RM-judge stage's name, when the schedule has RLHF versions. */
    private String rmJudgeStage;
    /** The diversity stage's name, when the schedule has RLHF versions. */
    private String diversityStage;
    /** Each version's rejection-sampling stage (for the report's best-of-N curves). */
    private final Map<String, String> rsStages = new LinkedHashMap<>();
    /** Each version's reward models (for the stages that read them and the report's Table 8 per iteration). */
    private final Map<String, VersionRewardModels> rewardModels = new LinkedHashMap<>();
    /**
     * The teacher's fine-tuning data per version (its selections and any replayed SFT demonstrations), and the stage
     * that wrote them (for the student's distillation).
     */
    private final Map<Integer, Path> selections = new LinkedHashMap<>();
    private final Map<Integer, String> selectionStages = new LinkedHashMap<>();
    /** Each version's model directory and the stage that writes it. */
    private final Map<String, Path> modelDirs = new LinkedHashMap<>();
    private final Map<String, String> modelStages = new LinkedHashMap<>();
    /** The preference pairs so far (the bootstrap pairs, then each version's batch) and the stages that write them. */
    private final List<Path> pairs = new ArrayList<>();
    private final List<String> pairStages = new ArrayList<>();
    /** Each version's rejection-sampling pool so far and the stages that write them. */
    private final List<Path> pools = new ArrayList<>();
    private final List<String> poolStages = new ArrayList<>();
    /** The newest model version laid out so far (the next version samples from it). */
    private String latest;
    private final PipelineConfig config;
    private final Path runDir;
    private final PrintWriter console;
    private final int parallelStages;

    private Recipe(PipelineConfig config, Path runDir, PrintWriter console, int parallelStages) {
        this.config = config;
        this.runDir = runDir;
        this.console = console;
        this.parallelStages = parallelStages;
    }

    /** Runs (or resumes) the whole schedule under {@code runDir}, one stage at a time, and writes the report. */
    public static RecipeReport run(PipelineConfig config, Path runDir, PrintWriter console) throws IOException {
        return run(config, runDir, console, 1);
    }

    /**
     * Runs (or resumes) the whole schedule under {@code runDir} with up to {@code parallelStages} independent stages
     * at once (like {@code make -j}; each gets an equal share of the engine's threads, at least one) and writes the
     * report there. The artifacts are those of a one-at-a-time run with the same threads per stage.
     */
    public static RecipeReport run(PipelineConfig config, Path runDir, PrintWriter console, int parallelStages)
            throws IOException {
        return new Recipe(config, runDir, console, parallelStages).run();
    }

    /** The stage directories of the schedule, in order (for {@code rlhf pipeline status}). */
    public static List<Stage> schedule(PipelineConfig config, Path runDir) {
        return new Recipe(config, runDir, new PrintWriter(PrintWriter.nullWriter()), 1).stages();
    }

    private RecipeReport run() throws IOException {
        long start = System.nanoTime();
        List<Stage> stages = stages();
        StageRunner runner = parallelStages == 1 ? new StageRunner(console)
                : new StageRunner(console, parallelStages, engineThreads());
        List<StageRecord> records = runner.runAll(stages);
        Map<String, Double> seconds = new LinkedHashMap<>();
        records.forEach(r -> seconds.put(r.name(), r.wallSeconds()));
        List<RecipeReport.Version> evaluated = new ArrayList<>();
        for (String version : versions) {
            evaluated.add(new RecipeReport.Version(version, VersionEvaluation.read(evalDir(version))));
        }
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        rewardModels.forEach((version, rms) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String name : rms.stageNames()) {
                if (runner.record(name).metrics().get("table8") instanceof List<?> list) {
                    for (Object row : list) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> map = (Map<String, Object>) row;
                        rows.add(map);
                    }
                }
            }
            tables.put(version, rows);
        });
        Object retention = gattStage == null ? null : runner.record(gattStage).metrics().get("retention");
        RecipeReport report = RecipeReport.of(config.seed(), evaluated, seconds, tables, retention,
                evidence(runner));
        if (config.studentPreset() != null) {
            report = report.withDistillation(StudentComparison.of(config.studentPreset(),
                    "v" + config.studentSelectionsVersion(), VersionEvaluation.read(evalDir(STUDENT_SFT)),
                    VersionEvaluation.read(evalDir(STUDENT_DISTILLED))));
        }
        report.write(runDir);
        console.printf("arena judge on %s (%s answers)%n", arenaDir().resolve("prompts/test.jsonl"),
                config.evaluation().temperature() == 0 ? "greedy" : "sampled");
        console.print(report.table());
        double recipe = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        console.printf("recipe: %.1f min of stage time in all; this run %.1f min of wall time (%d stages at a time);"
                + " report: %s%n", recipe / 60, (System.nanoTime() - start) / 60e9, parallelStages,
                runDir.resolve(RecipeReport.MARKDOWN_FILE));
        console.flush();
        return report;
    }

    /** What the RM-judge, rejection-sampling and diversity stages wrote, for the report. */
    private RecipeReport.Evidence evidence(StageRunner runner) throws IOException {
        Map<String, Map<String, org.rlhf4j.rewardmodel.RewardModelJudge>> rmJudge = new LinkedHashMap<>();
        List<RewardModelJudgeEvaluation.Score> scores = List.of();
        if (rmJudgeStage != null) {
            scores = RewardModelJudgeEvaluation.read(runDir.resolve(rmJudgeStage));
            rmJudge = RewardModelJudgeEvaluation.compareWithBaseline(scores);
        }
        Map<String, RecipeReport.BestOfN> bestOfN = new LinkedHashMap<>();
        for (Map.Entry<String, String> rs : rsStages.entrySet()) {
            Path csv = runDir.resolve(rs.getValue()).resolve("sweep").resolve(TemperatureSweep.CSV);
            if (Files.isRegularFile(csv) && runner.record(rs.getValue()).metrics().get("temperature") instanceof Number t) {
                bestOfN.put(rs.getKey(), RecipeReport.BestOfN.fromSweepCsv(csv, t.doubleValue()));
            }
        }
        List<DiversityEvaluation.Point> diversity = new ArrayList<>();
        if (diversityStage != null && runner.record(diversityStage).metrics().get("self_bleu") instanceof List<?> l) {
            for (Object o : l) {
                diversity.add(DiversityEvaluation.Point.fromMap((Map<?, ?>) o));
            }
        }
        return new RecipeReport.Evidence(rmJudge, scores, bestOfN, diversity);
    }

    private Path arenaDir() {
        return runDir.resolve("arena");
    }

    private Path tokenizer() {
        return arenaDir().resolve("tokenizer.json");
    }

    private Path trainPrompts() {
        return arenaDir().resolve("prompts/train.jsonl");
    }

    private Path sftDir() {
        return runDir.resolve("sft");
    }

    private Path evalDir(String version) {
        return runDir.resolve("eval").resolve(version);
    }

    private List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        foundation(stages);
        for (int v = 1; v <= config.versions(); v++) {
            version(stages, v);
        }
        if (config.studentPreset() != null) {
            student(stages);
        }
        for (String version : versions) {
            Path dir = evalDir(version);
            Path model = modelDirs.get(version);
            stages.add(new Stage("eval/" + version, dir, config.evaluation(), List.of("arena",
                    modelStages.get(version)), List.of(), resume -> VersionEvaluation.run(model, testPrompts(),
                    config.evaluation(), config.seed(), dir)));
        }
        if (config.gatt()) {
            gatt(stages, config.gattRootVersion() == 0 ? latest : "v" + config.gattRootVersion());
        }
        if (config.versions() > 0) {
            rewardModelJudge(stages);
            diversity(stages);
        }
        return stages;
    }

    /** {@code arena} (the vendor's data), {@code base} (pretraining on its corpus) and {@code sft}. */
    private void foundation(List<Stage> stages) {
        long seed = config.seed();
        Path arena = arenaDir();
        stages.add(new Stage("arena", arena, config.arena(), List.of(), List.of(), resume -> {
            Manifest m = ArenaGenerator.generate(config.arena(), seed, arena);
            say("%s train / %s test prompts, %s demonstrations (judge: mean helpfulness %s), "
                    + "%s bootstrap preference pairs%n", m.metrics().get("prompts_train"),
                    m.metrics().get("prompts_test"), m.metrics().get("sft_dialogs"),
                    m.metrics().get("sft_mean_helpfulness"), m.metrics().get("bootstrap_pairs"));
            return m.metrics();
        }));
        pairs.add(arena.resolve("preferences/bootstrap.jsonl"));
        pairStages.add("arena");

        Path base = runDir.resolve("base");
        Map<String, Object> pretrainConfig = Map.of("preset", config.basePreset(),
                "training", config.resolve(config.pretraining()));
        stages.add(new Stage("base", base, pretrainConfig, List.of("arena"), List.of(), resume -> training(
                Pretraining.train(arena.resolve("corpus.txt"), tokenizer(), config.basePreset(), base,
                        config.resolve(config.pretraining()), resume && hasCheckpoint(base)))));
        addVersion("base", base, "base");

        Path sft = sftDir();
        stages.add(new Stage("sft", sft, config.resolve(config.sft()), List.of("arena", "base"), List.of(),
                resume -> training(SftTrainer.train(base, tokenizer(), arena.resolve("sft.jsonl"), sft,
                        config.resolve(config.sft()), resume && hasCheckpoint(sft)))));
        addVersion("sft", sft, "sft");
        latest = "sft";
    }

    /**
     * RLHF-V{@code v} from the latest model: a preference batch, both reward models, rejection sampling, and where
     * the schedule says so context distillation and PPO; the result becomes the latest model.
     */
    private void version(List<Stage> stages, int v) {
        String version = "v" + v;
        Path latestDir = modelDirs.get(latest);
        String latestStage = modelStages.get(latest);
        long batchSeed = config.seed() * 1000 + v;
        preferenceBatch(stages, v, latestDir, latestStage, batchSeed);
        VersionRewardModels rms = bothRewardModels(stages, v);

        String rsName = rejectionSampling(stages, v, latestDir, latestStage, rms, batchSeed);
        Path rsDir = runDir.resolve(rsName);
        Path versionModel = rsDir.resolve(RejectionSampling.MODEL);
        String versionStage = rsName;
        if (v == config.contextDistillationVersion()) {
            // Safety context distillation on this version's model; it becomes the version's model.
            addVersion(version + "_no_cd", versionModel, rsName);
            versionStage = contextDistillation(stages, version, rsDir, versionModel, rsName,
                    rms.safety(), rms.stage(RewardModelKind.SAFETY), batchSeed);
            versionModel = runDir.resolve(versionStage).resolve(ContextDistillation.MODEL);
        }
        if (v == config.ppoVersion()) {
            addVersion(version + RecipeReport.NO_PPO_SUFFIX, versionModel, versionStage);
            String ppoName = ppo(stages, version, versionModel, versionStage, rms);
            addVersion(version, runDir.resolve(ppoName), ppoName);
        } else {
            addVersion(version, versionModel, versionStage);
        }
        latest = version;
    }

    /** {@code v<v>/preferences}: a batch sampled from the latest model, annotated by the arena (paper §3.2.1). */
    private void preferenceBatch(List<Stage> stages, int v, Path latestDir, String latestStage, long batchSeed) {
        String name = "v" + v + "/preferences";
        Path dir = runDir.resolve(name);
        PreferenceSamplingConfig sampling = new PreferenceSamplingConfig(config.preferenceTemperatures().stream()
                .map(t -> SamplingVariant.of(latestDir, t)).toList(), 1.0,
                ChatSamplingConfig.DEFAULT_MAX_NEW_TOKENS, ChatSamplingConfig.DEFAULT_BATCH_SIZE,
                config.preferencePrompts(), "batch-" + v);
        stages.add(new Stage(name, dir, Map.of("prompts", config.preferencePrompts(), "temperatures",
                config.preferenceTemperatures()), List.of("arena", latestStage), List.of(), resume -> {
                    PreferenceBatch.Result batch = PreferenceBatch.collect(trainPrompts(), sampling, config.arena(),
                            batchSeed, dir);
                    say("%s tasks: %d helpfulness and %d safety pairs%n",
                            batch.manifest().metrics().get("tasks"), batch.annotation().helpfulnessPairs(),
                            batch.annotation().safetyPairs());
                    return batch.manifest().metrics();
                }));
        pairs.add(dir.resolve(PreferenceBatch.PREFERENCES_FILE));
        pairStages.add(name);
    }

    /**
     * {@code v<v>/rm-helpfulness}, {@code v<v>/rm-safety}: both reward models retrained on all pairs so far (paper
     * §3.2.2), from SFT or, with {@code warm_start_epochs}, from V2 on from V1's RM of their kind.
     *
     * @return the two models' directories and stages
     */
    private VersionRewardModels bothRewardModels(List<Stage> stages, int v) {
        // Warm starts come from V1's RM, not the previous version's: chained, the bootstrap pairs had 14 passes by V5
        // and PPO on that Safety RM falsely refused 26-28 of the 100 borderline test prompts, against 16 from V1's.
        Map<RewardModelKind, Path> dirs = new LinkedHashMap<>();
        Map<RewardModelKind, String> names = new LinkedHashMap<>();
        for (RewardModelKind kind : List.of(RewardModelKind.HELPFULNESS, RewardModelKind.SAFETY)) {
            String name = "v" + v + "/rm-" + kind.json();
            Path dir = runDir.resolve(name);
            List<Path> pairsSoFar = List.copyOf(pairs);
            List<String> upstream = new ArrayList<>(pairStages);
            upstream.add("sft");
            RewardModelConfig rmConfig = (kind == RewardModelKind.HELPFULNESS ? config.rewardModel()
                    : config.safetyRewardModel()).withOverrides(config.maxSteps(), null, config.seed());
            String warmStartStage = v > 1 && rmConfig.warmStartEpochs() != null ? "v1/rm-" + kind.json() : null;
            Path warmStart = warmStartStage == null ? null : runDir.resolve(warmStartStage);
            if (warmStartStage != null) {
                upstream.add(warmStartStage);
            }
            stages.add(new Stage(name, dir, rmConfig, upstream, List.of(), resume -> {
                RewardModelResult r = RewardModelTrainer.train(sftDir(), warmStart, pairsSoFar, kind, dir, rmConfig,
                        resume && hasCheckpoint(dir));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("train_pairs", r.trainPairs());
                m.put("pairs_per_second", r.pairsPerSecond());
                m.put("table8", r.evaluation().toList());
                return m;
            }));
            dirs.put(kind, dir);
            names.put(kind, name);
        }
        VersionRewardModels rms = new VersionRewardModels(dirs, names);
        rewardModels.put("v" + v, rms);
        return rms;
    }

    /**
     * {@code v<v>/rs}: best-of-K from the latest model under the gated reward, fine-tuned from SFT (paper §3.2.3);
     * from {@code pool_from_version} on, the pool of all earlier iterations competes too.
     *
     * @return the stage's name
     */
    private String rejectionSampling(List<Stage> stages, int v, Path latestDir, String latestStage,
                                     VersionRewardModels rms, long batchSeed) {
        String name = "v" + v + "/rs";
        Path dir = runDir.resolve(name);
        boolean usePool = config.poolFromVersion() > 0 && v >= config.poolFromVersion();
        List<Path> earlier = usePool ? List.copyOf(pools) : List.of();
        List<String> upstream = new ArrayList<>(List.of("arena", "sft", latestStage));
        upstream.addAll(rms.stageNames());
        if (usePool) {
            upstream.addAll(poolStages);
        }
        RejectionSamplingConfig rsConfig = config.rejectionSamplingResolved();
        stages.add(new Stage(name, dir, Map.of("rejection_sampling", rsConfig, "prompts", config.rsPrompts()),
                upstream.stream().distinct().toList(), List.of(), resume -> {
                    Path prompts = PromptSubset.write(trainPrompts(), config.rsPrompts(), batchSeed,
                            dir.resolve("prompts.jsonl"));
                    RejectionSampling.Result r = RejectionSampling.run(new RejectionSampling.Inputs(latestDir,
                            sftDir(), rms.helpfulness(), rms.safety(), prompts,
                            earlier, rsConfig, dir, batchSeed, resume, arenaDir().resolve("sft.jsonl")));
                    Map<String, Object> m = r.metrics();
                    say("T = %s, %s samples, mean best reward %s, %.0f s%n",
                            m.get("temperature"), m.get("samples"), m.get("mean_best_reward"), r.wallSeconds());
                    return m;
                }));
        pools.add(dir.resolve(RejectionSampling.POOL));
        poolStages.add(name);
        rsStages.put("v" + v, name);
        selections.put(v, dir.resolve(RejectionSampling.FINE_TUNE_DATA));
        selectionStages.put(v, name);
        return name;
    }

    /**
     * {@code v<n>/ppo}: PPO on the version's model with the KL penalty and the gated reward (RLHF-V5).
     *
     * @return the stage's name
     */
    private String ppo(List<Stage> stages, String version, Path policy, String policyStage,
                       VersionRewardModels rms) {
        String name = version + "/ppo";
        Path dir = runDir.resolve(name);
        List<String> upstream = new ArrayList<>(List.of("arena", policyStage));
        upstream.addAll(rms.stageNames());
        var ppoConfig = config.maxSteps() == null ? config.ppo().withOverrides(null, config.seed())
                : config.ppo().withOverrides(config.maxSteps(), config.seed());
        stages.add(new Stage(name, dir, ppoConfig, upstream, List.of(), resume -> {
            PpoResult r = PpoTrainer.train(policy, rms.helpfulness(), rms.safety(), null, trainPrompts(),
                    arenaDir().resolve("sft.jsonl"), dir, ppoConfig, resume);
            say("%d iterations (best %s), rollouts %.0f tokens/s, updates %.0f tokens/s%n",
                    r.iterations(), r.bestIteration() == 0 ? "0: no iteration beat the starting policy"
                            : String.valueOf(r.bestIteration()),
                    r.rolloutTokensPerSecond(), r.updateTokensPerSecond());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iterations", r.iterations());
            m.put("best_iteration", r.bestIteration());
            m.put("best_held_out_reward", r.bestHeldOutReward());
            m.put("rollout_tokens_per_second", r.rolloutTokensPerSecond());
            m.put("update_tokens_per_second", r.updateTokensPerSecond());
            return m;
        }));
        return name;
    }

    /** {@code eval/rm-judge}: the last version's reward models judge each version's answers against SFT's (Fig. 11). */
    private void rewardModelJudge(List<Stage> stages) {
        String last = "v" + config.versions();
        String lastModel = latest;
        Map<RewardModelKind, Path> finalRms = rewardModels.get(last).dirs();
        List<String> upstream = new ArrayList<>(List.of("arena"));
        versions.forEach(v -> upstream.add("eval/" + v));
        upstream.addAll(rewardModels.get(last).stageNames());
        rmJudgeStage = "eval/rm-judge";
        Path dir = runDir.resolve(rmJudgeStage);
        List<String> judged = List.copyOf(versions);
        stages.add(new Stage(rmJudgeStage, dir, Map.of("reward_models", last), upstream, List.of(), resume -> {
            Map<String, List<org.rlhf4j.eval.JudgedResponse>> answers = new LinkedHashMap<>();
            for (String v : judged) {
                answers.put(v, VersionEvaluation.read(evalDir(v)));
            }
            var counts = RewardModelJudgeEvaluation.run(answers, testPrompts(), finalRms, dir);
            Map<String, Object> m = new LinkedHashMap<>();
            counts.forEach((v, byRm) -> {
                Map<String, Object> j = new LinkedHashMap<>();
                byRm.forEach((rm, c) -> j.put(rm, c.toMap()));
                m.put(v, j);
            });
            var lastCounts = counts.get(lastModel);
            say("%s vs sft by the RM judge: Helpfulness RM %s, Safety RM %s (win/tie/loss)%n",
                    lastModel, wtl(lastCounts.get("helpfulness_rm")), wtl(lastCounts.get("safety_rm")));
            return Map.of("rm_judge", m);
        }));
    }

    /** {@code eval/diversity}: Self-BLEU against temperature of SFT and the last version (paper Fig. 21). */
    private void diversity(List<Stage> stages) {
        diversityStage = "eval/diversity";
        Path dir = runDir.resolve(diversityStage);
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("sft", sftDir());
        models.put(latest, modelDirs.get(latest));
        stages.add(new Stage(diversityStage, dir, config.diversity(), List.of("arena", "sft",
                modelStages.get(latest)), List.of(), resume -> {
                    long start = System.nanoTime();
                    List<DiversityEvaluation.Point> points = DiversityEvaluation.run(models, testPrompts(),
                            config.diversity(), config.seed(), dir);
                    say("Self-BLEU of %d model x kind x temperature points, %.1f s%n",
                            points.size(), (System.nanoTime() - start) / 1e9);
                    return Map.of("self_bleu", points.stream().map(DiversityEvaluation.Point::toMap).toList());
                }));
    }

    /** Adds a version to the report's comparison: its model directory and the stage that writes it. */
    private void addVersion(String name, Path model, String stage) {
        versions.add(name);
        modelDirs.put(name, model);
        modelStages.put(name, stage);
    }

    /**
     * Ghost Attention as a branch off one version's model: {@code gatt/round-1} … {@code gatt/round-N} (each
     * synthesizes dialogs from the previous round's model with the arena's checker as the per-turn filter and
     * fine-tunes that model on them) and {@code gatt/retention} (retention per turn of the last round's model against
     * the version's own, the report's Table 30).
     */
    private void gatt(List<Stage> stages, String root) {
        Path arena = arenaDir();
        GattPipeline.Settings settings = config.gattResolved();
        Path baseline = modelDirs.get(root);
        Path model = baseline;
        String previousStage = modelStages.get(root);
        for (int r = 1; r <= settings.training().rounds(); r++) {
            String name = "gatt/round-" + r;
            Path dir = runDir.resolve(name);
            Path from = model;
            int round = r;
            stages.add(new Stage(name, dir, Map.of("from", root, "round", r, "synthesis", settings.synthesis(),
                    "training", settings.training()), List.of("arena", previousStage), List.of(), resume -> {
                        GattPipeline.Round result = GattPipeline.round(from, arena, dir, settings, round);
                        Map<String, Object> m = new LinkedHashMap<>(result.synthesis());
                        say("%s of %s dialogs kept%n", m.get("dialogs_kept"), m.get("dialogs_started"));
                        if (result.training() != null) {
                            m.putAll(training(result.training()));
                        }
                        return m;
                    }));
            model = dir.resolve("model");
            previousStage = name;
        }
        gattStage = "gatt/retention";
        Path dir = runDir.resolve(gattStage);
        Path gattModel = model;
        stages.add(new Stage(gattStage, dir, Map.of("from", root, "retention", settings.retention(),
                "excluded_kinds", settings.synthesis().excludedKinds()), List.of("arena", modelStages.get(root),
                previousStage), List.of(), resume -> {
                    List<RetentionCurve> curves = GattPipeline.retention(baseline, root, gattModel, root + "+gatt",
                            arena.resolve("gatt/test.jsonl"), new TreeSet<>(settings.synthesis().excludedKinds()),
                            settings.retention(), dir);
                    return Map.of("retention", curves.stream().map(RetentionCurve::summary).toList());
                }));
    }

    /** Report names of the student's versions. */
    static final String STUDENT_SFT = "student_sft";
    static final String STUDENT_DISTILLED = "student_distilled";

    /**
     * Distillation into a smaller student (paper §3.2.3): {@code student/base} (pretrained like the teacher),
     * {@code student/sft} (SFT'd like the teacher), {@code student/distilled} (fine-tuned on the teacher's
     * selections of {@link PipelineConfig#studentSelectionsVersion()} with the rejection-sampling fine-tuning).
     */
    private void student(List<Stage> stages) {
        Path arena = arenaDir();
        String preset = config.studentPreset();
        Path base = runDir.resolve("student/base");
        SftConfig pretraining = config.resolve(config.pretraining());
        stages.add(new Stage("student/base", base, Map.of("preset", preset, "training", pretraining),
                List.of("arena"), List.of(), resume -> training(Pretraining.train(arena.resolve("corpus.txt"),
                        tokenizer(), preset, base, pretraining, resume && hasCheckpoint(base)))));
        Path sft = runDir.resolve("student/sft");
        SftConfig sftConfig = config.resolve(config.sft());
        stages.add(new Stage("student/sft", sft, sftConfig, List.of("arena", "student/base"), List.of(),
                resume -> training(SftTrainer.train(base, tokenizer(), arena.resolve("sft.jsonl"), sft, sftConfig,
                        resume && hasCheckpoint(sft)))));
        int v = config.studentSelectionsVersion();
        Path teacherSelections = selections.get(v);
        Path distilled = runDir.resolve("student/distilled");
        SftConfig fineTune = config.rejectionSamplingResolved().fineTune();
        stages.add(new Stage("student/distilled", distilled, Map.of("selections_version", v, "fine_tune", fineTune),
                List.of("student/sft", selectionStages.get(v)), List.of(), resume -> training(
                        Distillation.distill(teacherSelections, sft, distilled, fineTune,
                                resume && hasCheckpoint(distilled)))));
        addVersion(STUDENT_SFT, sft, "student/sft");
        addVersion(STUDENT_DISTILLED, distilled, "student/distilled");
    }

    /**
     * Safety context distillation (paper §4.2.4) on a version's rejection-sampling model: {@code
     * v<n>/context-distillation}, fine-tuned from SFT on the version's rejection-sampling fine-tuning data (its
     * selections and any replayed SFT demonstrations) joined with the kept targets.
     *
     * @return the stage's name
     */
    private String contextDistillation(List<Stage> stages, String version, Path rsDir, Path rsModel, String rsName,
                                       Path safetyRm, String safetyRmStage, long seed) {
        String name = version + "/context-distillation";
        SftConfig fineTune = config.rejectionSamplingResolved().fineTune();
        Path dir = runDir.resolve(name);
        ContextDistillationConfig cd = config.contextDistillation();
        stages.add(new Stage(name, dir, Map.of("context_distillation", cd, "fine_tune", fineTune),
                List.of("arena", "sft", rsName, safetyRmStage), List.of(), resume -> {
                    Map<String, Object> m = ContextDistillation.run(new ContextDistillation.Inputs(rsModel, sftDir(),
                            safetyRm, trainPrompts(), rsDir.resolve(RejectionSampling.FINE_TUNE_DATA), cd, fineTune,
                            dir, seed, resume && hasCheckpoint(dir.resolve(ContextDistillation.MODEL))));
                    say("%s of %s preprompted answers kept (Safety RM preferred them), fine-tuned on"
                            + " them and the version's %s fine-tuning dialogs%n", m.get("kept"), m.get("prompts"),
                            m.get("selections"));
                    return m;
                }));
        return name;
    }

    /** libtorch's intra-op threads on this thread (the launcher sets them to the cores). */
    private static int engineThreads() {
        Engine.getInstance(); // loads libtorch
        return JniUtils.getNumThreads();
    }

    /** A detail line of the running stage, indented under its start line and named by it. */
    private void say(String format, Object... args) {
        String stage = StageRunner.currentStage();
        console.print("      " + (stage == null ? "" : stage + ": ") + String.format(format, args));
        console.flush();
    }

    private static String wtl(org.rlhf4j.rewardmodel.RewardModelJudge j) {
        return j.wins() + "/" + j.ties() + "/" + j.losses();
    }

    private List<PromptRecord> testPrompts() throws IOException {
        return JsonlReader.readAll(arenaDir().resolve("prompts/test.jsonl"), RecordKind.PROMPTS);
    }

    private Map<String, Object> training(SftResult result) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", result.training().steps());
        metrics.put("final_loss", result.training().finalLoss());
        metrics.put("tokens_per_second", result.tokensPerSecond());
        say("%d updates, final loss %.4f, %.0f tokens/s%n", result.training().steps(),
                result.training().finalLoss(), result.tokensPerSecond());
        return metrics;
    }

    /** Whether a training directory holds a run checkpoint to continue from. */
    private static boolean hasCheckpoint(Path dir) throws IOException {
        return Files.isDirectory(dir.resolve("checkpoints"))
                && RunCheckpoint.latest(dir.resolve("checkpoints")).isPresent();
    }
}
