package org.rlhf4j.model;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.model.parity.ParityCheck;
import org.rlhf4j.model.parity.ParityReport;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Golden parity with Hugging Face transformers on the shared reference checkpoints (tolerance 1e-4). */
public class HfParityTest {

    static final Path FIXTURES = Path.of("../../shared/fixtures/hf");

    @DataProvider
    public Object[][] fixtures() {
        return new Object[][] {{"tiny-mha"}, {"tiny-gqa"}};
    }

    @Test(dataProvider = "fixtures")
    public void matchesTransformers(String name) throws Exception {
        ParityReport report = ParityCheck.run(FIXTURES.resolve(name));
        assertTrue(report.passes(1e-4), name + "\n" + report.describe());
        assertTrue(report.greedyActual().length == 16);
        assertFalse(Double.isNaN(report.maxRewardError()), "the reward model was compared");
    }

    @Test
    public void aPerturbedReferenceFails() throws Exception {
        Path source = FIXTURES.resolve("tiny-gqa");
        Path copy = Files.createTempDirectory("parity");
        for (String sub : new String[] {"causal-lm", "reward-model"}) {
            Files.createDirectories(copy.resolve(sub));
            try (var files = Files.list(source.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, copy.resolve(sub).resolve(f.getFileName()));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode ref = (ObjectNode) json.readTree(source.resolve("reference.json").toFile());
        ArrayNode row = (ArrayNode) ref.get("logits").get(1).get(3);
        row.set(5, row.get(5).asDouble() + 1e-3);
        ArrayNode greedy = (ArrayNode) ref.get("greedy_continuation");
        greedy.set(15, (greedy.get(15).asInt() + 1) % 1000);
        json.writeValue(copy.resolve("reference.json").toFile(), ref);
        ParityReport report = ParityCheck.run(copy);
        assertTrue(report.maxLogitError() > 9e-4 && report.maxLogitError() < 1.1e-3, report.describe());
        assertFalse(report.greedyMatches());
        assertFalse(report.passes(1e-4));
    }
}
