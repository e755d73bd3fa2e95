package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class RsCommandTest {

    private Path arena;
    private Path base;
    private Path config;
    private Path helpfulness;
    private Path safety;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("rs-cli-arena");
        ArenaConfig small = new ArenaConfig(40, 8, 4, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 4, 2, 20_000, 300);
        ArenaGenerator.generate(small, 3, arena);
        Path pretrain = Files.createTempFile("pretrain", ".yaml");
        Files.writeString(pretrain, "sequence_length: 64\ntraining:\n  micro_batch_size: 2\n  progress_bar: false\n");
        base = Files.createTempDirectory("rs-cli-base");
        CliRun pre = CliRun.of("pretrain", "--corpus", arena.resolve("corpus.txt").toString(), "--tokenizer",
                arena.resolve("tokenizer.json").toString(), "--preset", "tiny", "--out", base.toString(),
                "--config", pretrain.toString(), "--max-steps", "2", "--seed", "5");
        assertEquals(pre.exitCode(), 0, pre.err());
        helpfulness = arena.resolve("rm-helpfulness");
        safety = arena.resolve("rm-safety");
        RewardModelInit.write(base, helpfulness, 1);
        RewardModelInit.write(base, safety, 2);
        config = Files.createTempFile("rs", ".yaml");
        Files.writeString(config, String.join("\n", "k: 2", "temperatures: [0.8, 1.2]", "validation_prompts: 4",
                "max_new_tokens: 6", "prompts_per_batch: 4", "shard_size: 8", "fine_tune:", "  max_steps: 2",
                "  sequence_length: 64", "  training:", "    micro_batch_size: 2", "    progress_bar: false", ""));
    }

    @Test
    public void runThenJudgeAgainstSftThenDistill() throws Exception {
        Path out = Files.createTempDirectory("rs-cli-run");
        CliRun run = CliRun.of("rs", "run", "--policy", base.toString(), "--sft", base.toString(),
                "--helpfulness-rm", helpfulness.toString(), "--safety-rm", safety.toString(), "--prompts",
                arena.resolve("prompts/train.jsonl").toString(), "--out", out.toString(), "--config",
                config.toString(), "--seed", "3");
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("best-of-K over"), run.out());
        assertTrue(run.out().contains("mean_best_reward"), run.out());
        List<Dialog> selections = JsonlReader.readAll(out.resolve("selections.jsonl"), RecordKind.DIALOGS);
        assertTrue(!selections.isEmpty());
        assertEquals(selections.get(0).tags().get("source"), "rejection-sampling");
        assertEquals(Manifest.read(out.resolve("model")).kind(), "sft-model");

        CliRun judge = CliRun.of("judge", "--model", out.resolve("model").toString(), "--against", base.toString(),
                "--prompts", arena.resolve("prompts/test.jsonl").toString(), "--limit", "6", "--max-new-tokens", "6");
        assertEquals(judge.exitCode(), 0, judge.err());
        assertTrue(judge.out().contains("\"versus\""), judge.out());

        Path student = Files.createTempDirectory("rs-cli-student");
        CliRun distill = CliRun.of("distill", "--selections", out.resolve("selections.jsonl").toString(),
                "--student", base.toString(), "--out", student.toString(), "--config", config.toString());
        assertEquals(distill.exitCode(), 0, distill.err());
        assertTrue(distill.out().contains("distill finished: 2 steps"), distill.out());

        // Context distillation uses the adversarial prompts without a selection: keep only the others' selections.
        Path cd = Files.createTempDirectory("rs-cli-cd");
        List<PromptRecord> train = JsonlReader.readAll(arena.resolve("prompts/train.jsonl"), RecordKind.PROMPTS);
        List<String> safetyIds = train.stream().filter(PromptRecord::isSafety).map(PromptRecord::id).toList();
        Path helpfulSelections = cd.resolveSibling(cd.getFileName() + "-selections.jsonl");
        JsonlWriter.write(helpfulSelections, RecordKind.DIALOGS,
                selections.stream().filter(d -> !safetyIds.contains(d.id())).toList());
        Path cdConfig = Files.createTempFile("cd", ".yaml");
        Files.writeString(cdConfig, "max_new_tokens: 6\nprompts: 3\n");
        CliRun contextDistill = CliRun.of("context-distill", "--policy", out.resolve("model").toString(), "--sft",
                base.toString(), "--safety-rm", safety.toString(), "--prompts",
                arena.resolve("prompts/train.jsonl").toString(), "--selections",
                helpfulSelections.toString(), "--out", cd.toString(), "--cd-config",
                cdConfig.toString(), "--config", config.toString());
        assertEquals(contextDistill.exitCode(), 0, contextDistill.err());
        assertTrue(contextDistill.out().contains("preprompted answers kept"), contextDistill.out());
        Manifest m = Manifest.read(cd);
        assertEquals(m.kind(), "context-distillation");
        assertEquals(((Number) m.metrics().get("kept")).intValue() + ((Number) m.metrics().get("dropped")).intValue(),
                Math.min(3, safetyIds.size()));
        assertEquals(m.metrics().get("fine_tune_steps"), 2);
    }

    @Test
    public void kBelowOneAndBadPromptLinesAreClearErrors() throws Exception {
        Path out = Files.createTempDirectory("rs-cli-bad");
        CliRun zero = CliRun.of("rs", "sample", "--policy", base.toString(), "--helpfulness-rm",
                helpfulness.toString(), "--safety-rm", safety.toString(), "--prompts",
                arena.resolve("prompts/train.jsonl").toString(), "--out", out.toString(), "--k", "0");
        assertNotEquals(zero.exitCode(), 0);
        assertTrue(zero.err().contains("k (samples per prompt) must be >= 1"), zero.err());

        Path prompts = out.resolve("prompts.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(arena.resolve("prompts/train.jsonl")));
        lines.add(1, "{\"id\": \"broken\"");
        Files.write(prompts, lines);
        CliRun bad = CliRun.of("rs", "sample", "--policy", base.toString(), "--helpfulness-rm",
                helpfulness.toString(), "--safety-rm", safety.toString(), "--prompts", prompts.toString(), "--out",
                out.toString(), "--config", config.toString());
        assertNotEquals(bad.exitCode(), 0);
        assertTrue(bad.err().contains(prompts + ":2:"), bad.err());
    }
}
