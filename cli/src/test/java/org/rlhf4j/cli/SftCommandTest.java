package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.Test;

public class SftCommandTest {

    @Test
    public void pretrainThenSftOnATinyArenaWriteLoadableModelsWithManifestsAndMetrics() throws Exception {
        Path arena = Files.createTempDirectory("sft-cli-arena");
        ArenaConfig small = new ArenaConfig(40, 8, 4, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 4, 2, 20_000, 300);
        ArenaGenerator.generate(small, 3, arena);
        Path config = Files.createTempFile("sft", ".yaml");
        Files.writeString(config, "sequence_length: 64\ntraining:\n  micro_batch_size: 2\n  progress_bar: false\n");

        Path base = Files.createTempDirectory("sft-cli-base");
        CliRun pre = CliRun.of("pretrain", "--corpus", arena.resolve("corpus.txt").toString(), "--tokenizer",
                arena.resolve("tokenizer.json").toString(), "--preset", "tiny", "--out", base.toString(),
                "--config", config.toString(), "--max-steps", "3", "--seed", "5");
        assertEquals(pre.exitCode(), 0, pre.err());
        assertTrue(pre.out().contains("pretrain finished: 3 steps"), pre.out());

        Path sft = Files.createTempDirectory("sft-cli-sft");
        CliRun run = CliRun.of("sft", "--base", base.toString(), "--data", arena.resolve("sft.jsonl").toString(),
                "--out", sft.toString(), "--config", config.toString(), "--max-steps", "4", "--save-every", "2");
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("sft finished: 4 steps"), run.out());

        Manifest preManifest = Manifest.read(base);
        Manifest sftManifest = Manifest.read(sft);
        assertEquals(preManifest.kind(), "base-model");
        assertEquals(sftManifest.kind(), "sft-model");
        assertEquals(preManifest.seed(), Long.valueOf(5));
        assertEquals(sftManifest.inputs().keySet().stream().filter(k -> k.endsWith("sft.jsonl")).count(), 1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> stage = (Map<String, Object>) ((Map<String, Object>) sftManifest.config()).get("stage");
        assertEquals(stage.get("sequence_length"), 64);
        assertEquals(stage.get("max_steps"), 4);
        assertTrue(((Number) sftManifest.metrics().get("tokens_per_second")).doubleValue() > 0);
        assertEquals(Files.readAllLines(base.resolve("metrics.csv")).size(), 4);
        assertEquals(Files.readAllLines(sft.resolve("metrics.csv")).size(), 5);
        List<String> checkpoints;
        try (var list = Files.list(sft.resolve("checkpoints"))) {
            checkpoints = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(checkpoints.size(), 2);

        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, sft);
             LlamaTokenizer tokenizer = LlamaTokenizer.open(sft)) {
            assertEquals(model.config().vocabSize(), tokenizer.vocabSize());
            assertEquals(model.config().hiddenSize(), 64); // the tiny preset
        }
    }

    @Test
    public void anUnknownConfigKeyIsAnErrorNamingIt() throws Exception {
        Path config = Files.createTempFile("sft", ".yaml");
        Files.writeString(config, "sequence_length: 64\nepochz: 3\n");
        CliRun run = CliRun.of("sft", "--base", "/nonexistent", "--data", "/nonexistent.jsonl", "--out",
                Files.createTempDirectory("sft-cli-bad").toString(), "--config", config.toString());
        assertEquals(run.exitCode(), ExitCode.BAD_INPUT);
        assertTrue(run.err().startsWith("rlhf sft: ") && run.err().contains("line 2")
                && run.err().contains("epochz"), run.err());
        assertEquals(run.err().lines().count(), 1L, run.err());
    }
}
