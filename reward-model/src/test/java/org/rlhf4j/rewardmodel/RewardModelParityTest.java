package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.Test;

/**
 * The reward-model forward (rows of different lengths, right-padded to the longest of the micro-batch, score at the
 * last real token) against transformers' {@code LlamaForSequenceClassification} on the shared reference checkpoints.
 */
public class RewardModelParityTest {

    @Test
    public void scoresMatchTransformers() throws IOException {
        for (String name : List.of("tiny-gqa", "tiny-mha")) {
            Path folder = Path.of("..", "..", "shared", "fixtures", "hf", name).toAbsolutePath().normalize();
            if (!folder.toFile().isDirectory()) {
                folder = Path.of("/work/shared/fixtures/hf", name);
            }
            JsonNode ref = new ObjectMapper().readTree(folder.resolve("reference.json").toFile());
            List<int[]> rows = new ArrayList<>();
            for (int r = 0; r < ref.get("rm_input_ids").size(); r++) {
                int length = ref.get("rm_lengths").get(r).asInt();
                int[] row = new int[length]; // the real tokens only: our forward pads them itself
                for (int t = 0; t < length; t++) {
                    row[t] = ref.get("rm_input_ids").get(r).get(t).asInt();
                }
                rows.add(row);
            }
            try (NDManager manager = NDManager.newBaseManager();
                 LlamaModel rm = LlamaModel.load(manager, folder.resolve("reward-model"))) {
                float[] scores = RewardModelForward.scores(rm, manager, rows).toFloatArray();
                for (int r = 0; r < rows.size(); r++) {
                    assertEquals(scores[r], ref.get("rm_scores").get(r).asDouble(), 1e-4, name + " row " + r);
                }
                // and each row alone
                for (int r = 0; r < rows.size(); r++) {
                    float alone = RewardModelForward.scores(rm, manager, List.of(rows.get(r))).toFloatArray()[0];
                    assertEquals(alone, ref.get("rm_scores").get(r).asDouble(), 1e-4, name + " row " + r + " alone");
                }
            }
        }
    }
}
