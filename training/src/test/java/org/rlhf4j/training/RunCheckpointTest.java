package org.rlhf4j.training;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.Manifest;
import org.testng.annotations.Test;

/** A run checkpoint appears only through its temporary directory's rename: never half-written under its name. */
public class RunCheckpointTest {

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void aSaveThatFailsHalfwayLeavesNoCheckpointAndTheNextSaveCleansUp() throws Exception {
        Path dir = Files.createTempDirectory("run-checkpoint");
        Manifest manifest = new Manifest(RunCheckpoint.KIND, 1, "test", null, null, null, null, "cpu", 1L, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            AdamW optimizer = new AdamW(AdamWConfig.llama2(), manager);
            NDArray good = manager.create(new float[] {1, 2, 3});
            NDArray closed = manager.create(new float[] {4});
            closed.close(); // reading it fails after the model file has started: a crash in mid-save
            RunCheckpointState state = new RunCheckpointState(7, 0, 7, 1L, 1e-5, 1.0, 70);

            expectThrows(RuntimeException.class, () -> RunCheckpoint.save(dir, new java.util.LinkedHashMap<>(
                    Map.of("a", good, "z", closed)), optimizer, state, manifest, 3));
            assertTrue(RunCheckpoint.list(dir).isEmpty(), "no checkpoint is listed");
            assertTrue(names(dir).stream().noneMatch(n -> n.startsWith("step-")), names(dir).toString());

            Path saved = RunCheckpoint.save(dir, Map.of("a", good), optimizer, state, manifest, 3);
            assertEquals(saved.getFileName().toString(), "step-00000007");
            assertEquals(names(dir), List.of("step-00000007"), "the stale temporary is removed");
            assertEquals(RunCheckpoint.readState(saved), state);
        }
    }
}
