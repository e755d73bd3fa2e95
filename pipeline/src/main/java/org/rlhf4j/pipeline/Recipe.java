package org.rlhf4j.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.sft.Pretraining;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import org.rlhf4j.training.RunCheckpoint;

/**
 * The iteration driver (METHOD.md §8): the only code that knows the order of the stages. It lays the schedule out
 * as {@link Stage}s under one run directory and lets a {@link StageRunner} run them like {@code make}, then writes
 * the {@link RecipeReport}.
 *
 * <p>Schedule: {@code arena} (the simulated vendor's data) → {@code base} (pretraining on its corpus) → {@code sft}
 * (supervised fine-tuning on its demonstrations) → {@code eval/<version>} (each version answers the fixed test
 * prompts; the arena judges) → {@code report.json}, {@code report.md}.
 */
public final class Recipe {

    /** The versions the report compares, in order. */
    private final List<String> versions = new ArrayList<>();
    private final PipelineConfig config;
    private final Path runDir;
    private final PrintWriter console;

    private Recipe(PipelineConfig config, Path runDir, PrintWriter console) {
        this.config = config;
        this.runDir = runDir;
        this.console = console;
    }

    /** Runs (or resumes) the whole schedule under {@code runDir} and writes the report there. */
    public static RecipeReport run(PipelineConfig config, Path runDir, PrintWriter console) throws IOException {
        return new Recipe(config, runDir, console).run();
    }

    /** The stage directories of the schedule, in order (for {@code rlhf pipeline status}). */
    public static List<Stage> schedule(PipelineConfig config, Path runDir) {
        return new Recipe(config, runDir, new PrintWriter(PrintWriter.nullWriter())).stages();
    }

    private RecipeReport run() throws IOException {
        long start = System.nanoTime();
        List<Stage> stages = stages();
        StageRunner runner = new StageRunner(console);
        List<StageRecord> records = runner.runAll(stages);
        Map<String, Double> seconds = new LinkedHashMap<>();
        records.forEach(r -> seconds.put(r.name(), r.wallSeconds()));
        List<RecipeReport.Version> evaluated = new ArrayList<>();
        for (String version : versions) {
            evaluated.add(new RecipeReport.Version(version, VersionEvaluation.read(evalDir(version))));
        }
        RecipeReport report = RecipeReport.of(config.seed(), evaluated, seconds);
        report.write(runDir);
        console.printf("arena judge on %s (%s answers)%n", arenaDir().resolve("prompts/test.jsonl"),
                config.evaluation().temperature() == 0 ? "greedy" : "sampled");
        console.print(report.table());
        console.printf("report: %s (%.0f s in all this run)%n", runDir.resolve(RecipeReport.MARKDOWN_FILE),
                (System.nanoTime() - start) / 1e9);
        console.flush();
        return report;
    }

    private Path arenaDir() {
        return runDir.resolve("arena");
    }

    private Path evalDir(String version) {
        return runDir.resolve("eval").resolve(version);
    }

    private List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        long seed = config.seed();
        Path arena = arenaDir();
        Path tokenizer = arena.resolve("tokenizer.json");
        stages.add(new Stage("arena", arena, config.arena(), List.of(), List.of(), resume -> {
            Manifest m = ArenaGenerator.generate(config.arena(), seed, arena);
            console.printf("      %s train / %s test prompts, %s demonstrations (judge: mean helpfulness %s), "
                    + "%s bootstrap preference pairs%n", m.metrics().get("prompts_train"),
                    m.metrics().get("prompts_test"), m.metrics().get("sft_dialogs"),
                    m.metrics().get("sft_mean_helpfulness"), m.metrics().get("bootstrap_pairs"));
            return m.metrics();
        }));

        Path base = runDir.resolve("base");
        Map<String, Object> pretrainConfig = Map.of("preset", config.basePreset(),
                "training", config.resolve(config.pretraining()));
        stages.add(new Stage("base", base, pretrainConfig, List.of("arena"), List.of(), resume -> training(
                Pretraining.train(arena.resolve("corpus.txt"), tokenizer, config.basePreset(), base,
                        config.resolve(config.pretraining()), resume && hasCheckpoint(base)))));
        versions.add("base");

        Path sft = runDir.resolve("sft");
        stages.add(new Stage("sft", sft, config.resolve(config.sft()), List.of("arena", "base"), List.of(),
                resume -> training(SftTrainer.train(base, tokenizer, arena.resolve("sft.jsonl"), sft,
                        config.resolve(config.sft()), resume && hasCheckpoint(sft)))));
        versions.add("sft");

        Map<String, Path> modelDirs = Map.of("base", base, "sft", sft);
        for (String version : versions) {
            Path dir = evalDir(version);
            stages.add(new Stage("eval/" + version, dir, config.evaluation(), List.of("arena", version), List.of(),
                    resume -> VersionEvaluation.run(modelDirs.get(version), testPrompts(), config.evaluation(),
                            seed, dir)));
        }
        return stages;
    }

    private List<PromptRecord> testPrompts() throws IOException {
        return JsonlReader.readAll(arenaDir().resolve("prompts/test.jsonl"), RecordKind.PROMPTS);
    }

    private Map<String, Object> training(SftResult result) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", result.training().steps());
        metrics.put("final_loss", result.training().finalLoss());
        metrics.put("tokens_per_second", result.tokensPerSecond());
        console.printf("      %d updates, final loss %.4f, %.0f tokens/s%n", result.training().steps(),
                result.training().finalLoss(), result.tokensPerSecond());
        return metrics;
    }

    /** Whether a training directory holds a run checkpoint to continue from. */
    private static boolean hasCheckpoint(Path dir) throws IOException {
        return Files.isDirectory(dir.resolve("checkpoints"))
                && RunCheckpoint.latest(dir.resolve("checkpoints")).isPresent();
    }
}
