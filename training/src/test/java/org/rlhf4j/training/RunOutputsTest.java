package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.testng.annotations.Test;

/** What a run leaves on disk: metrics.csv, loss.png, checkpoints and manifests. */
public class RunOutputsTest {

    @Test
    public void aRunWritesCsvPlotCheckpointsAndManifest() throws IOException {
        Path dir = Files.createTempDirectory("run-outputs");
        TrainingConfig config = new TrainingConfig(12, 3, 2, ScheduleConfig.llama2Sft(), AdamWConfig.llama2(), 1.0, 5,
                3, 4, 21L, true);
        Path input = dir.resolveSibling(dir.getFileName() + "-input.txt");
        Files.writeString(input, "training data stand-in\n");
        TrainingResult result;
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = TinyRegression.mlp(manager, 2);
            result = new TrainingLoop<>(block, manager, new TinyRegression.Data(1),
                    TinyRegression.meanSquaredError(block, 0), config, dir,
                    new TrainingLoop.RunDescription("test-model", "test", Map.of("lr_note", "x"), List.of(input),
                            List.of("mean_abs_error"))).run();
        }
        assertEquals(result.steps(), 12);
        assertTrue(Double.isFinite(result.finalLoss()));

        List<String> csv = Files.readAllLines(dir.resolve(MetricsCsv.FILE_NAME));
        assertEquals(csv.get(0), "step,loss,learning_rate,grad_norm,tokens_per_s,elapsed_s,mean_abs_error");
        assertEquals(csv.size(), 13);
        LearningRateSchedule schedule = config.learningRateSchedule();
        for (int i = 1; i <= 12; i++) {
            String[] cells = csv.get(i).split(",");
            assertEquals(cells.length, 7, csv.get(i));
            assertEquals(Integer.parseInt(cells[0]), i);
            assertEquals(Double.parseDouble(cells[2]), schedule.at(i - 1), 1e-12);
            assertTrue(Double.parseDouble(cells[3]) > 0, "grad_norm " + cells[3]);
            assertTrue(Double.parseDouble(cells[4]) > 0, "tokens_per_s " + cells[4]);
            assertTrue(Double.parseDouble(cells[6]) > 0, "mean_abs_error " + cells[6]);
        }
        assertEquals(Double.parseDouble(csv.get(12).split(",")[1]), result.finalLoss(), 1e-6);

        Path png = dir.resolve(LossCurvePlot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(png);
        assertEquals(Arrays.copyOf(bytes, 8), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "loss.png does not decode");
        assertEquals(image.getWidth(), 800);

        // Checkpoints at 5, 10 and the end (12); keep 3.
        assertEquals(RunCheckpoint.list(dir.resolve("checkpoints")).stream().map(RunCheckpoint::stepOf).toList(),
                List.of(5, 10, 12));
        RunCheckpointState state = RunCheckpoint.readState(dir.resolve("checkpoints").resolve("step-00000012"));
        assertEquals(state.step(), 12);
        assertEquals(state.optimizerStep(), 12);
        assertEquals(state.dataPosition(), 24); // 12 updates × 2 micro-batches
        assertEquals(state.learningRate(), schedule.at(11), 1e-15);

        Manifest manifest = Manifest.read(dir);
        assertEquals(manifest.kind(), "test-model");
        assertEquals(manifest.stage(), "test");
        assertEquals(manifest.seed(), Long.valueOf(21));
        assertEquals(manifest.versions().get("djl"), "0.36.0");
        assertTrue(manifest.versions().get("libtorch").startsWith("2.7.1"), manifest.versions().toString());
        assertEquals(manifest.inputs().get(input.toString()), Sha256.of(input));
        assertEquals(manifest.files().get(MetricsCsv.FILE_NAME), Sha256.of(dir.resolve(MetricsCsv.FILE_NAME)));
        assertEquals(manifest.files().get(LossCurvePlot.FILE_NAME), Sha256.of(png));
        assertTrue(manifest.files().containsKey("checkpoints/step-00000012/model.safetensors"));
        assertEquals(((Number) manifest.metrics().get("steps")).intValue(), 12);
        assertTrue(manifest.config().toString().contains("lr_note"), String.valueOf(manifest.config()));
        Manifest checkpointManifest = Manifest.read(dir.resolve("checkpoints").resolve("step-00000005"));
        assertEquals(checkpointManifest.kind(), RunCheckpoint.KIND);
        assertTrue(checkpointManifest.files().containsKey(RunCheckpoint.OPTIMIZER_FILE));
        try (var files = Files.list(dir.resolve("checkpoints"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "temporary left behind");
        }
    }

    @Test
    public void progressBarIsSilentWithoutATerminal() {
        // The rule, case by case: requested, a console, and CI not "true".
        assertTrue(TrainingProgress.enabled(true, true, null));
        assertTrue(TrainingProgress.enabled(true, true, "false"));
        assertFalse(TrainingProgress.enabled(false, true, null), "not requested");
        assertFalse(TrainingProgress.enabled(true, false, null), "no console");
        assertFalse(TrainingProgress.enabled(true, true, "true"), "CI=true");
        assertFalse(TrainingProgress.enabled(true, true, "TRUE"), "CI=TRUE");
        // And this process applies it to its own console and environment (Surefire's forked JVM has no console).
        assertEquals(TrainingProgress.enabled(true),
                System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI")));
        assertFalse(TrainingProgress.enabled(false));
        try (TrainingProgress p = TrainingProgress.open(false, "x", 10, 0)) {
            assertFalse(p.visible());
            p.step("ignored");
        }
    }
}
