package org.rlhf4j.ghostattention;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;
import org.testng.annotations.Test;

public class GattTrainerTest {

    @Test
    public void trainsOnlyTheLastAnswerOfEveryPrefixPlusTheMixedDialogs() throws Exception {
        Path dir = Files.createTempDirectory("gatt-train");
        Dialog gatt = GhostAttentionMaskTest.THREE_TURNS;
        Dialog plain = new Dialog("s", List.of(Message.user("Name a fruit."), Message.assistant("An apple.")),
                Map.of());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            gatt.messages().forEach(m -> lines.add("[INST] " + m.content() + " [/INST]"));
        }
        Path tokenizerFile = dir.resolve("model/tokenizer.json");
        Files.createDirectories(tokenizerFile.getParent());
        BpeTokenizerTrainer.train(lines, BpeTrainerConfig.ofVocabSize(300), tokenizerFile);
        long expectedTargets;
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager,
                     new LlamaConfig(32, 2, 4, 2, 8, 64, tok.vocabSize(), 256, 10000.0, 1e-5), HeadKind.CAUSAL_LM, 1)) {
            model.save(dir.resolve("model"));
            ChatFormat format = new ChatFormat(tok);
            expectedTargets = 0;
            for (Dialog row : GhostAttentionMask.trainingRows(List.of(gatt), true)) {
                int[] mask = GhostAttentionMask.lossMask(format.encodeDialog(row.messages()));
                expectedTargets += java.util.Arrays.stream(mask).sum();
            }
            expectedTargets += format.encodeDialog(plain.messages()).assistantTokenCount();
        }
        Path dialogs = dir.resolve("gatt.jsonl");
        Path mix = dir.resolve("sft.jsonl");
        JsonlWriter.write(dialogs, RecordKind.DIALOGS, List.of(gatt));
        JsonlWriter.write(mix, RecordKind.DIALOGS, List.of(plain));

        TrainingConfig training = new TrainingConfig(2, 2, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, 1e-3, 1, 0.0, 0, 0.1),
                new AdamWConfig(0.9, 0.95, 1e-5, 0.0, true), 1.0, 0, 1, 1, 3L, false);
        GattTrainingConfig config = new GattTrainingConfig(
                new SftConfig(256, true, 1.0, 2, 0, OverflowPolicy.DROP, false, training), true, true, 1, 1.0);
        SftResult result = GattTrainer.train(dir.resolve("model"), dialogs, mix, dir.resolve("out"), config, false);

        assertEquals(result.packing().packedExamples(), 4, "three prefixes and the mixed dialog");
        assertEquals(result.packing().targetTokens(), expectedTargets);
        assertTrue(Double.isFinite(result.training().finalLoss()));
        Manifest m = Manifest.read(dir.resolve("out"));
        assertEquals(m.kind(), GattTrainer.KIND);
        assertTrue(Files.isRegularFile(dir.resolve("out/model.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("out/tokenizer.json")));
    }

    /** The mixed share: ⌈share · n⌉ distinct dialogs in file order, the same for the same seed, all at share 1. */
    @Test
    public void aShareOfTheMixedDialogs() {
        List<Dialog> dialogs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            dialogs.add(new Dialog("d" + i, List.of(Message.user("q" + i), Message.assistant("a" + i)), Map.of()));
        }
        List<Dialog> quarter = GattTrainer.share(dialogs, 0.25, 7);
        assertEquals(quarter.size(), 3, "ceil(0.25 * 10)");
        assertEquals(quarter, GattTrainer.share(dialogs, 0.25, 7), "seeded");
        List<Integer> positions = quarter.stream().map(dialogs::indexOf).toList();
        assertEquals(positions, positions.stream().sorted().distinct().toList(), "distinct, in file order");
        assertEquals(GattTrainer.share(dialogs, 1.0, 7), dialogs);
        assertTrue(java.util.stream.IntStream.range(0, 20).mapToObj(seed -> GattTrainer.share(dialogs, 0.25, seed))
                .distinct().count() > 1, "the seed decides which");
    }
}
