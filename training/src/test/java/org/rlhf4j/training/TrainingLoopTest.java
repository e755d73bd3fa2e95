package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.model.Ops;
import org.slf4j.LoggerFactory;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class TrainingLoopTest {

    private static final List<String> EXTRA = List.of("mean_abs_error");

    private NDManager manager;

    @BeforeMethod
    public void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterMethod
    public void close() {
        manager.close();
    }

    static TrainingConfig config(int maxSteps, int accumulation, int saveEvery, ScheduleConfig schedule) {
        return new TrainingConfig(maxSteps, 3, accumulation, schedule, AdamWConfig.llama2(), 1.0, saveEvery, 2, 5,
                11L, false);
    }

    private static TrainingLoop.RunDescription description() {
        return new TrainingLoop.RunDescription("test-run", "test", Map.of("note", "tiny"), List.of(), EXTRA);
    }

    private TrainingLoop<int[]> loop(Block block, TrainingData<int[]> data, StepFunction<int[]> fn,
                                     TrainingConfig config, Path dir) {
        return new TrainingLoop<>(block, manager, data, fn, config, dir, description());
    }

    private static void assertClose(Map<String, float[]> a, Map<String, float[]> b, double tolerance) {
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            for (int i = 0; i < a.get(name).length; i++) {
                assertEquals(a.get(name)[i], b.get(name)[i], tolerance, name + "[" + i + "]");
            }
        }
    }

    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Test
    public void oneStepChangesEveryTrainableParameter() throws IOException {
        Block block = TinyRegression.mlp(manager, 1);
        Map<String, float[]> before = TinyRegression.snapshot(block);
        loop(block, new TinyRegression.Data(1), TinyRegression.meanSquaredError(block, 0),
                config(1, 1, 0, ScheduleConfig.constant(1e-2)), Files.createTempDirectory("one-step")).run();
        Map<String, float[]> after = TinyRegression.snapshot(block);
        assertEquals(before.size(), 4);
        for (String name : before.keySet()) {
            for (int i = 0; i < before.get(name).length; i++) {
                assertNotEquals(after.get(name)[i], before.get(name)[i], name + "[" + i + "] did not change");
            }
        }
    }

    @Test
    public void anAllZeroGradientFirstStepOnlyDecays() throws IOException {
        // DJL's Trainer.step() throws here (e.g. a fully masked first batch); this loop applies AdamW with g = 0:
        // m = v = 0, so the Adam term is 0 and only the decoupled decay p·(1 − lr·λ) acts, on matrices only.
        Block block = TinyRegression.mlp(manager, 6);
        StepFunction<int[]> mse = TinyRegression.meanSquaredError(block, 0);
        StepFunction<int[]> masked = (rows, context) -> MicroBatchLoss.of(
                Ops.scale(mse.loss(rows, context).loss(), 0));
        Map<String, float[]> before = TinyRegression.snapshot(block);
        TrainingResult result = loop(block, new TinyRegression.Data(1), masked,
                config(1, 2, 0, ScheduleConfig.constant(1e-2)), Files.createTempDirectory("masked")).run();
        assertEquals(result.finalGradNorm(), 0.0);
        Map<String, float[]> after = TinyRegression.snapshot(block);
        for (String name : before.keySet()) {
            double factor = name.endsWith("bias") ? 1.0 : 1 - 1e-2 * 0.1;
            for (int i = 0; i < before.get(name).length; i++) {
                assertEquals(after.get(name)[i], before.get(name)[i] * factor, 1e-7, name + "[" + i + "]");
            }
        }
    }

    @Test
    public void frozenParametersAreNotTrained() throws IOException {
        Block block = TinyRegression.mlp(manager, 4);
        ai.djl.nn.Block firstLayer = ((ai.djl.nn.SequentialBlock) block).getChildren().get(0).getValue();
        firstLayer.freezeParameters(true);
        Map<String, float[]> before = TinyRegression.snapshot(block);
        loop(block, new TinyRegression.Data(1), TinyRegression.meanSquaredError(block, 0),
                config(2, 1, 0, ScheduleConfig.constant(1e-2)), Files.createTempDirectory("frozen")).run();
        Map<String, float[]> after = TinyRegression.snapshot(block);
        for (String name : before.keySet()) {
            boolean frozen = name.startsWith("01");
            assertEquals(java.util.Arrays.equals(after.get(name), before.get(name)), frozen, name);
        }
    }

    @Test
    public void accumulatingMicroBatchesEqualsOneBigBatch() throws IOException {
        // Micro-batches of 2, 3, 4, 2, 3, 4 rows: token-style weights are needed for the equality to hold.
        ScheduleConfig schedule = ScheduleConfig.constant(1e-2);
        Block accumulated = TinyRegression.mlp(manager, 3);
        loop(accumulated, new TinyRegression.Data(1), TinyRegression.meanSquaredError(accumulated, 0),
                config(3, 2, 0, schedule), Files.createTempDirectory("accumulated")).run();
        Block big = TinyRegression.mlp(manager, 3);
        loop(big, new TinyRegression.Data(2), TinyRegression.meanSquaredError(big, 0),
                config(3, 1, 0, schedule), Files.createTempDirectory("big")).run();
        assertClose(TinyRegression.snapshot(accumulated), TinyRegression.snapshot(big), 1e-5);
        // And the comparison is not vacuous: equal weights per micro-batch would give a different update.
        Block unweighted = TinyRegression.mlp(manager, 3);
        StepFunction<int[]> mse = TinyRegression.meanSquaredError(unweighted, 0);
        StepFunction<int[]> equalWeights = mse::loss;
        loop(unweighted, new TinyRegression.Data(1), equalWeights, config(3, 2, 0, schedule),
                Files.createTempDirectory("unweighted")).run();
        float[] a = TinyRegression.snapshot(unweighted).values().iterator().next();
        float[] b = TinyRegression.snapshot(big).values().iterator().next();
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff > 1e-4, "unweighted accumulation should differ, max diff " + maxDiff);
    }

    @Test
    public void resumeAfterAKillEndsWhereTheUninterruptedRunEnds() throws IOException {
        ScheduleConfig schedule = new ScheduleConfig(ScheduleConfig.Kind.COSINE, 1e-2, 3, 0.03, 5, 0.1);
        TrainingConfig config = config(20, 2, 5, schedule);

        Path straightDir = Files.createTempDirectory("straight");
        Block straight = TinyRegression.mlp(manager, 5);
        loop(straight, new TinyRegression.Data(1), TinyRegression.meanSquaredError(straight, 0.05), config,
                straightDir).run();

        Path killedDir = Files.createTempDirectory("killed");
        Block killed = TinyRegression.mlp(manager, 5);
        StepFunction<int[]> mse = TinyRegression.meanSquaredError(killed, 0.05);
        StepFunction<int[]> dying = new StepFunction<>() {
            @Override
            public MicroBatchLoss loss(int[] rows, StepContext context) {
                if (context.step() == 12) {
                    throw new IllegalStateException("simulated kill");
                }
                return mse.loss(rows, context);
            }

            @Override
            public double weight(int[] rows) {
                return mse.weight(rows);
            }
        };
        expectThrows(IllegalStateException.class,
                () -> loop(killed, new TinyRegression.Data(1), dying, config, killedDir).run());
        assertEquals(RunCheckpoint.stepOf(RunCheckpoint.latest(killedDir.resolve("checkpoints")).orElseThrow()), 10);

        // A new process: a differently initialised model and a fresh data source; all state comes from disk.
        Block resumed = TinyRegression.mlp(manager, 99);
        TrainingResult result = loop(resumed, new TinyRegression.Data(1),
                TinyRegression.meanSquaredError(resumed, 0.05), config, killedDir).resume();
        assertEquals(result.steps(), 20);
        assertClose(TinyRegression.snapshot(resumed), TinyRegression.snapshot(straight), 1e-6);

        List<String> straightCsv = Files.readAllLines(straightDir.resolve(MetricsCsv.FILE_NAME));
        List<String> resumedCsv = Files.readAllLines(killedDir.resolve(MetricsCsv.FILE_NAME));
        assertEquals(resumedCsv.size(), 21);
        for (int i = 1; i < straightCsv.size(); i++) { // step, loss, learning_rate, grad_norm are identical
            assertEquals(List.of(resumedCsv.get(i).split(",")).subList(0, 4),
                    List.of(straightCsv.get(i).split(",")).subList(0, 4), "row " + i);
        }
        List<Path> kept = RunCheckpoint.list(killedDir.resolve("checkpoints"));
        assertEquals(kept.stream().map(RunCheckpoint::stepOf).toList(), List.of(15, 20));
        InputException again = expectThrows(InputException.class, () -> loop(resumed, new TinyRegression.Data(1),
                TinyRegression.meanSquaredError(resumed, 0), config, killedDir).run());
        assertEquals(again.getMessage(), killedDir.resolve("checkpoints") + ": already holds the checkpoints of an"
                + " earlier run; resume it (--resume) or write to a new output directory");
    }

    @Test
    public void nativeArraysStayFlatOverAFewHundredSteps() throws IOException {
        int steps = 300;
        int[] counts = new int[steps];
        long[] rssKb = new long[steps];
        Block block = TinyRegression.mlp(manager, 8);
        StepFunction<int[]> mse = TinyRegression.meanSquaredError(block, 0.01);
        StepFunction<int[]> counting = (rows, context) -> {
            if (counts[context.step()] == 0) { // at the first micro-batch of the update
                counts[context.step()] = manager.getManagedArrays().size();
                rssKb[context.step()] = residentKb();
            }
            return mse.loss(rows, context);
        };
        loop(block, new TinyRegression.Data(1), counting, config(steps, 2, 100, ScheduleConfig.constant(1e-3)),
                Files.createTempDirectory("flat")).run();
        // Parameters (4) and AdamW moments (8) once the optimiser has run; nothing else may accumulate.
        assertEquals(counts[2], 12, "arrays alive at the start of step 2");
        assertEquals(counts[steps - 1], counts[2], "arrays leaked over " + steps + " steps");
        // Resident memory is only reported (JIT and heap make it noisy); the array count above is the check.
        LoggerFactory.getLogger(TrainingLoopTest.class).info("RSS at step 20: {} MB, at step {}: {} MB",
                rssKb[20] / 1024, steps - 1, rssKb[steps - 1] / 1024);

        // The measurement can fail: one array per update that escapes every scope shows up.
        Block leakyBlock = TinyRegression.mlp(manager, 8);
        StepFunction<int[]> leakyMse = TinyRegression.meanSquaredError(leakyBlock, 0);
        int[] leakyCounts = new int[20];
        StepFunction<int[]> leaky = (rows, context) -> {
            leakyCounts[context.step()] = manager.getManagedArrays().size();
            NDArray escaped = manager.create(1f);
            NDScope.unregister(escaped);
            return leakyMse.loss(rows, context);
        };
        int before = manager.getManagedArrays().size();
        loop(leakyBlock, new TinyRegression.Data(1), leaky, config(20, 1, 0, ScheduleConfig.constant(1e-3)),
                Files.createTempDirectory("leaky")).run();
        assertTrue(leakyCounts[19] - leakyCounts[2] >= 17, "leak not seen: " + leakyCounts[2] + " → "
                + leakyCounts[19] + " (base " + before + ")");
    }
}
