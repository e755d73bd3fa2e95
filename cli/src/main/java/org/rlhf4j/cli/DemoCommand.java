package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.WinRate;
import org.rlhf4j.eval.WinRateConfig;
import org.rlhf4j.eval.WinTieLoss;
import org.rlhf4j.sft.Pretraining;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf demo}: the recipe end to end on one CPU against the arena, with the embedded defaults — the arena
 * writes the data, a tiny base model is pretrained on its corpus, supervised fine-tuning on its demonstrations gives
 * the chat model RLHF starts from, and the arena judge measures both on the fixed test prompts.
 *
 * <p>Every stage writes an artifact directory with a manifest under {@code --out}. A stage whose manifest is there
 * (same seed) is reused; a training stage with checkpoints but no manifest was interrupted and resumes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every stage of the recipe on the arena (embedded defaults) and print what the judge measured.")
public final class DemoCommand implements Callable<Integer> {

    private static final String MODEL_FILE = "model.safetensors";

    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the whole run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--arena-config", description = "Arena config JSON instead of the defaults (e.g. a small one).")
    Path arenaConfig;

    @Option(names = "--preset", defaultValue = "demo", description = "Base model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--max-steps", description = "Cap both training stages at this many updates (smoke runs).")
    Integer maxSteps;

    private PrintWriter console;

    @Override
    public Integer call() throws Exception {
        console = spec.commandLine().getOut();
        long start = System.nanoTime();

        Path arenaDir = out.resolve("arena");
        Manifest arena = stage("1/4 arena", arenaDir, "tokenizer.json", () -> ArenaGenerator.generate(
                arenaConfig == null ? ArenaConfig.defaults() : ArenaConfig.read(arenaConfig), seed, arenaDir));
        console.printf("      %s train / %s test prompts, %s demonstrations (judge: mean helpfulness %s), "
                + "%s bootstrap preference pairs%n", arena.metrics().get("prompts_train"),
                arena.metrics().get("prompts_test"), arena.metrics().get("sft_dialogs"),
                arena.metrics().get("sft_mean_helpfulness"), arena.metrics().get("bootstrap_pairs"));
        Path tokenizer = arenaDir.resolve("tokenizer.json");

        Path baseDir = out.resolve("base");
        SftConfig pretraining = SftConfig.demoPretraining().withOverrides(maxSteps, null, seed);
        Manifest base = stage("2/4 pretrain", baseDir, MODEL_FILE, () -> {
            Pretraining.train(arenaDir.resolve("corpus.txt"), tokenizer, preset, baseDir, pretraining,
                    interrupted(baseDir));
            return Manifest.read(baseDir);
        });
        printTraining(base);

        Path sftDir = out.resolve("sft");
        SftConfig sft = SftConfig.demo().withOverrides(maxSteps, null, seed);
        Manifest chat = stage("3/4 sft", sftDir, MODEL_FILE, () -> {
            SftTrainer.train(baseDir, tokenizer, arenaDir.resolve("sft.jsonl"), sftDir, sft, interrupted(sftDir));
            return Manifest.read(sftDir);
        });
        printTraining(chat);

        console.printf("[4/4 judge] arena judge on %s (greedy answers)%n", arenaDir.resolve("prompts/test.jsonl"));
        console.flush();
        List<PromptRecord> prompts = JsonlReader.readAll(arenaDir.resolve("prompts/test.jsonl"), RecordKind.PROMPTS);
        ArenaJudge judge = new ArenaJudge();
        List<String> baseAnswers = answers(baseDir, prompts);
        List<String> sftAnswers = answers(sftDir, prompts);
        JudgeReport baseReport = ArenaEvaluation.evaluate(prompts, baseAnswers, judge);
        JudgeReport sftReport = ArenaEvaluation.evaluate(prompts, sftAnswers, judge);
        WinTieLoss sftVsBase = WinRate.compare(prompts, sftAnswers, baseAnswers, judge, WinRateConfig.defaults());
        console.printf("%-6s %12s %22s %19s%n", "model", "helpfulness", "safety violations", "false refusals");
        printRow("base", baseReport);
        printRow("sft", sftReport);
        console.printf("sft vs base (arena judge, helpfulness, tie within %.2f): win %.1f%%, tie %.1f%%, loss %.1f%%%n",
                WinRateConfig.defaults().tieEpsilon(), 100 * sftVsBase.winRate(), 100 * sftVsBase.tieRate(),
                100 * sftVsBase.lossRate());

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("seed", seed);
        report.put("base", baseReport.summary());
        report.put("sft", sftReport.summary());
        report.put("sft_vs_base", sftVsBase.summary());
        AtomicFile.writeString(out.resolve("report.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
        console.printf("report: %s (%.0f s in all)%n", out.resolve("report.json"), (System.nanoTime() - start) / 1e9);
        console.flush();
        return 0;
    }

    /**
     * One stage's artifact: reused when its final manifest is there (it lists {@code finalFile}, written last) with
     * this seed, else made by {@code run}.
     */
    private Manifest stage(String name, Path dir, String finalFile, StageRun run) throws IOException {
        Manifest existing = finished(dir, finalFile);
        if (existing != null) {
            if (!Long.valueOf(seed).equals(existing.seed())) {
                throw new IOException(dir + " was made with seed " + existing.seed() + ", not " + seed
                        + "; choose another --out");
            }
            console.printf("[%s] reusing %s%n", name, dir);
            console.flush();
            return existing;
        }
        console.printf("[%s] writing %s%s%n", name, dir, interrupted(dir) ? " (resuming)" : "");
        console.flush();
        return run.make();
    }

    /** The stage's final manifest (it lists {@code finalFile}, written last), or null when unfinished. */
    private static Manifest finished(Path dir, String finalFile) throws IOException {
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
            return null;
        }
        Manifest manifest = Manifest.read(dir);
        return manifest.files().containsKey(finalFile) ? manifest : null;
    }

    /** A training directory with checkpoints but no final model: a run that was stopped before it finished. */
    private static boolean interrupted(Path dir) throws IOException {
        return Files.isDirectory(dir.resolve("checkpoints")) && finished(dir, MODEL_FILE) == null;
    }

    private List<String> answers(Path modelDir, List<PromptRecord> prompts) throws IOException {
        try (ChatSampler sampler = ChatSampler.open(modelDir)) {
            return sampler.answer(prompts, ChatSamplingConfig.greedy(), seed);
        }
    }

    private void printTraining(Manifest m) {
        Map<String, Object> metrics = m.metrics();
        console.printf("      %s updates, final loss %.4f, %.0f tokens/s, %.0f s%n", metrics.get("steps"),
                metrics.get("final_loss"), metrics.get("tokens_per_second"), metrics.get("wall_seconds"));
    }

    private void printRow(String name, JudgeReport r) {
        console.printf("%-6s %12.3f %13.3f (%2d/%2d) %10.3f (%2d/%2d)%n", name, r.meanHelpfulness(),
                r.safetyViolationRate(), r.safetyViolations(), r.safetyPrompts(), r.falseRefusalRate(),
                r.falseRefusals(), r.borderlinePrompts());
    }

    /** Makes one stage's artifact and returns its manifest. */
    @FunctionalInterface
    private interface StageRun {
        Manifest make() throws IOException;
    }
}
