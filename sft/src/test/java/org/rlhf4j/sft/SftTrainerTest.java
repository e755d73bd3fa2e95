package org.rlhf4j.sft;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.packing.PackedRow;
import org.rlhf4j.data.packing.SequencePacker;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.rlhf4j.training.RunCheckpoint;
import org.rlhf4j.training.StepContext;
import org.testng.annotations.Test;

public class SftTrainerTest {

    @Test
    public void aTinyModelOverfitsAHandfulOfDialogsAndGreedyDecodingReproducesTheAnswers() throws IOException {
        TinySft tiny = TinySft.create(7);
        Path out = Files.createTempDirectory("sft-overfit");
        SftConfig config = TinySft.config(100, 1e-2, 0, true);
        SftResult result = SftTrainer.train(tiny.base, tiny.tokenizer, tiny.dialogs, out, config, false);
        assertEquals(result.training().steps(), 100);
        assertEquals(result.packing().packedExamples(), 4);

        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(out.resolve("tokenizer.json"));
             NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, out)) {
            ChatFormat format = new ChatFormat(tokenizer);
            // Assistant-token loss of the saved model on every dialog, each alone in its row.
            List<ChatTokens> examples = SftTrainer.chatFormat(TinySft.DIALOGS, format, tiny.dialogs);
            SftStep step = new SftStep(model, manager, 64, true);
            for (ChatTokens example : examples) {
                PackedRow row = new SequencePacker(config.packing(), tokenizer.eosId()).pack(List.of(example))
                        .rows().get(0);
                try (NDManager scope = manager.newSubManager()) {
                    float loss = step.loss(new PackedBatch(List.of(row)), new StepContext(0, 0, scope, null))
                            .loss().getFloat();
                    assertTrue(loss < 0.05, "assistant-token loss " + loss);
                }
            }
            // Greedy decoding from each prompt gives back the trained answer and its EOS.
            List<int[]> prompts = new ArrayList<>();
            for (Dialog d : TinySft.DIALOGS) {
                prompts.add(format.encodePrompt(d.messages().subList(0, 1)).ids());
            }
            List<Completion> completions = new KvCacheGenerator(model).generate(prompts,
                    SamplingConfig.greedy(40).withEos(tokenizer.eosId(), true), 0);
            for (int i = 0; i < examples.size(); i++) {
                ChatTokens example = examples.get(i);
                int[] answer = new int[example.assistantTokenCount()];
                int k = 0;
                for (int t = 0; t < example.length(); t++) {
                    if (example.assistant()[t]) {
                        answer[k++] = example.ids()[t];
                    }
                }
                assertEquals(completions.get(i).tokens(), answer, "dialog " + i + ": got '"
                        + tokenizer.decode(completions.get(i).tokens()) + "'");
                assertTrue(completions.get(i).endedWithEos());
            }
        }
        Manifest manifest = Manifest.read(out);
        assertEquals(manifest.kind(), SftTrainer.KIND);
        assertEquals(manifest.inputs().size(), 3);
        assertTrue(manifest.files().containsKey("model.safetensors"));
        assertTrue(manifest.files().containsKey("tokenizer.json"));
        assertEquals(Files.readAllLines(out.resolve("metrics.csv")).size(), 101);
        assertTrue(Files.size(out.resolve("loss.png")) > 0);
    }

    @Test
    public void resumeEndsWhereTheUninterruptedRunEnds() throws IOException {
        TinySft tiny = TinySft.create(11);
        SftConfig config = TinySft.config(8, 3e-3, 4, false);

        Path straight = Files.createTempDirectory("sft-straight");
        SftTrainer.train(tiny.base, tiny.tokenizer, tiny.dialogs, straight, config, false);

        // The interrupted run: its step-8 checkpoint and model are gone, as if the process died after step 4.
        Path killed = Files.createTempDirectory("sft-killed");
        SftTrainer.train(tiny.base, tiny.tokenizer, tiny.dialogs, killed, config, false);
        FileTrees.delete(killed.resolve("checkpoints").resolve(RunCheckpoint.directoryName(8)));
        Files.delete(killed.resolve("model.safetensors"));
        assertEquals(RunCheckpoint.stepOf(RunCheckpoint.latest(killed.resolve("checkpoints")).orElseThrow()), 4);
        expectThrows(InputException.class,
                () -> SftTrainer.train(tiny.base, tiny.tokenizer, tiny.dialogs, killed, config, false));

        // Resume from a differently initialised base: every weight must come from the step-4 checkpoint.
        Path otherBase = tiny.dir.resolve("other-base");
        tiny.writeBase(otherBase, 99);
        SftResult resumed = SftTrainer.train(otherBase, tiny.tokenizer, tiny.dialogs, killed, config, true);
        assertEquals(resumed.training().steps(), 8);

        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel a = LlamaModel.load(manager, straight);
             LlamaModel b = LlamaModel.load(manager, killed)) {
            Map<String, ai.djl.nn.Parameter> pa = a.namedParameters();
            Map<String, ai.djl.nn.Parameter> pb = b.namedParameters();
            for (String name : pa.keySet()) {
                float[] x = pa.get(name).getArray().toFloatArray();
                float[] y = pb.get(name).getArray().toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 1e-6, name + "[" + i + "]");
                }
            }
            try (LlamaModel base = LlamaModel.load(manager, tiny.base)) {
                assertFalse(Arrays.equals(base.namedParameters().get("lm_head.weight").getArray().toFloatArray(),
                        pa.get("lm_head.weight").getArray().toFloatArray()), "training changed nothing");
            }
        }
        List<String> a = Files.readAllLines(straight.resolve("metrics.csv"));
        List<String> b = Files.readAllLines(killed.resolve("metrics.csv"));
        assertEquals(b.size(), 9);
        for (int i = 1; i < a.size(); i++) { // step, loss, learning rate, gradient norm
            assertEquals(List.of(b.get(i).split(",")).subList(0, 4), List.of(a.get(i).split(",")).subList(0, 4));
        }
    }

    @Test
    public void pretrainingTrainsOnEveryTokenButBos() throws IOException {
        TinySft tiny = TinySft.create(1);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tiny.tokenizer)) {
            List<ChatTokens> examples = Pretraining.corpusExamples(List.of("cat backwards is tac.", "  ", "A b"),
                    tokenizer);
            assertEquals(examples.size(), 2);
            ChatTokens first = examples.get(0);
            int[] text = tokenizer.encode("cat backwards is tac.");
            assertEquals(first.length(), text.length + 2);
            assertEquals(first.ids()[0], tokenizer.bosId());
            assertEquals(first.ids()[first.length() - 1], tokenizer.eosId());
            assertFalse(first.assistant()[0]);
            for (int t = 1; t < first.length(); t++) {
                assertTrue(first.assistant()[t]);
            }
        }
    }
}
