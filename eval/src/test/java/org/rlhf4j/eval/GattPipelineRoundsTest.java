package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.ghostattention.GattSynthesisConfig;
import org.rlhf4j.ghostattention.GattTrainingConfig;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;
import org.testng.annotations.Test;

/** {@link GattPipeline#run} with two rounds on a small arena and a tiny random model. */
public class GattPipelineRoundsTest {

    @Test
    public void eachRoundSamplesFromAndFineTunesThePreviousRoundsModel() throws Exception {
        Path arena = Files.createTempDirectory("gatt-rounds-arena");
        ArenaGenerator.generate(ChatSamplerTest.SMALL, 3L, arena);
        Path dir = Files.createTempDirectory("gatt-rounds");
        Path start = dir.resolve("start");
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(arena.resolve("tokenizer.json"));
             NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager,
                     new LlamaConfig(32, 2, 4, 2, 8, 64, tokenizer.vocabSize(), 512, 10000.0, 1e-5), HeadKind.CAUSAL_LM,
                     5)) {
            model.save(start);
        }
        Files.copy(arena.resolve("tokenizer.json"), start.resolve("tokenizer.json"));

        GattSynthesisConfig synthesis = new GattSynthesisConfig(3, 2, 2, 1.0, 0.9, 4, 12, 2, 0.5, List.of("hobby"),
                true, 7L);
        TrainingConfig training = new TrainingConfig(2, 2, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, 1e-3, 1, 0.0, 0, 0.1),
                new AdamWConfig(0.9, 0.95, 1e-5, 0.0, true), 1.0, 0, 1, 1, 3L, false);
        GattTrainingConfig gatt = new GattTrainingConfig(new SftConfig(256, true, 1.0, 2,
                PackingConfig.DEFAULT_PAD_ID, OverflowPolicy.DROP, false, training), true, true, 2, 1.0);
        GattPipeline.Settings settings = new GattPipeline.Settings(synthesis, gatt,
                ChatSamplingConfig.greedy().withMaxNewTokens(4).withBatchSize(8));
        Path out = dir.resolve("gatt");

        GattPipeline.Result result = GattPipeline.run(start, arena, out, settings);

        for (int r = 1; r <= 2; r++) {
            Path round = out.resolve("round-" + r);
            assertTrue(Files.isRegularFile(round.resolve("dialogs.jsonl")), "round " + r + " dialogs");
            assertTrue(Files.isRegularFile(round.resolve("synthesis.json")), "round " + r + " synthesis stats");
            assertTrue(Files.isRegularFile(round.resolve("model/model.safetensors")), "round " + r + " model");
        }
        assertFalse(Files.exists(out.resolve("model")), "no single-round model beside the rounds");
        assertEquals(result.modelDir(), out.resolve("round-2/model"));
        assertEquals(result.synthesis().keySet(), java.util.Set.of("round_1", "round_2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> round2 = (Map<String, Object>) result.synthesis().get("round_2");
        assertEquals(round2.get("dialogs_started"), 3);

        // Round 1 fine-tunes the given model, round 2 the model round 1 wrote.
        Map<String, String> inputs1 = Manifest.read(out.resolve("round-1/model")).inputs();
        Map<String, String> inputs2 = Manifest.read(out.resolve("round-2/model")).inputs();
        assertTrue(inputs1.containsKey(start.resolve("model.safetensors").toString()), inputs1.toString());
        assertTrue(inputs2.containsKey(out.resolve("round-1/model/model.safetensors").toString()),
                inputs2.toString());
        assertEquals(inputs2.get(out.resolve("round-1/model/model.safetensors").toString()),
                Sha256.of(out.resolve("round-1/model/model.safetensors")));
        // The retention compares the given model with the last round's.
        Map<String, String> retention = Manifest.read(out.resolve("retention")).inputs();
        assertTrue(retention.containsKey(out.resolve("round-2/model/model.safetensors").toString()),
                retention.toString());
        assertEquals(result.curves().get(0).model(), "baseline");
        assertTrue(Files.isRegularFile(out.resolve("retention/" + GattPipeline.ANSWERS_FILE)));
    }
}
