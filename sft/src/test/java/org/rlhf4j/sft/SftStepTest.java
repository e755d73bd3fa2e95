package org.rlhf4j.sft;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.packing.LossOn;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.packing.PackedRow;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.data.packing.SequencePacker;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.training.StepContext;
import org.testng.annotations.Test;

public class SftStepTest {

    private static final int LENGTH = 128;

    @Test
    public void blockDiagonalAttentionMakesAPackedRowTheTokenWeightedMeanOfItsExamplesAlone() throws Exception {
        TinySft tiny = TinySft.create(5);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tiny.tokenizer);
             NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, tiny.base)) {
            List<ChatTokens> examples = SftTrainer.chatFormat(TinySft.DIALOGS.subList(0, 2), new ChatFormat(tokenizer),
                    tiny.dialogs);
            SequencePacker packer = new SequencePacker(new PackingConfig(LENGTH, 0, OverflowPolicy.DROP,
                    LossOn.ALL_ASSISTANT_TURNS), tokenizer.eosId());
            PackedRow both = packer.pack(examples).rows().get(0);
            assertEquals(both.exampleCount(), 2);
            PackedBatch alone0 = new PackedBatch(packer.pack(examples.subList(0, 1)).rows());
            PackedBatch alone1 = new PackedBatch(packer.pack(examples.subList(1, 2)).rows());
            PackedBatch packed = new PackedBatch(List.of(both));

            SftStep blockDiagonal = new SftStep(model, manager, LENGTH, true);
            SftStep crossing = new SftStep(model, manager, LENGTH, false);
            double l0 = loss(blockDiagonal, alone0, manager);
            double l1 = loss(blockDiagonal, alone1, manager);
            double n0 = blockDiagonal.weight(alone0);
            double n1 = blockDiagonal.weight(alone1);
            assertEquals(blockDiagonal.weight(packed), n0 + n1);
            double expected = (n0 * l0 + n1 * l1) / (n0 + n1);
            assertEquals(loss(blockDiagonal, packed, manager), expected, 1e-5);
            // Alone in its row, the first example computes the same either way; packed, the second one then sees
            // the first when attention may cross.
            assertEquals(loss(crossing, alone0, manager), l0, 1e-5);
            assertTrue(Math.abs(loss(crossing, packed, manager) - expected) > 1e-4);
            assertEquals(blockDiagonal.tokens(packed), examples.get(0).length() + examples.get(1).length());
        }
    }

    private static double loss(SftStep step, PackedBatch batch, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            return step.loss(batch, new StepContext(0, 0, scope, null)).loss().getFloat();
        }
    }
}
