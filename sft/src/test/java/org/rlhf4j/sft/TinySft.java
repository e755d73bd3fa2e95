package org.rlhf4j.sft;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;

/** A handful of dialogs, a tiny BPE tokenizer trained on them and a tiny base model, written to a directory. */
final class TinySft {

    static final List<Dialog> DIALOGS = List.of(
            dialog("d0", "What is the capital of France?", "The capital of France is Paris."),
            dialog("d1", "Spell cat backwards.", "cat backwards is tac."),
            dialog("d2", "How much is 3 plus 4?", "3 plus 4 is 7."),
            dialog("d3", "Name a red fruit.", "A red fruit is the apple."));

    final Path dir;
    final Path tokenizer;
    final Path dialogs;
    final Path base;

    private TinySft(Path dir) {
        this.dir = dir;
        this.tokenizer = dir.resolve("tokenizer.json");
        this.dialogs = dir.resolve("dialogs.jsonl");
        this.base = dir.resolve("base");
    }

    static Dialog dialog(String id, String user, String answer) {
        return new Dialog(id, List.of(Message.user(user), Message.assistant(answer)), Map.of("source", "test"));
    }

    /** Writes the tokenizer, the dialogs and a base model initialised with {@code modelSeed}. */
    static TinySft create(long modelSeed) throws IOException {
        TinySft t = new TinySft(Files.createTempDirectory("tiny-sft"));
        List<String> lines = new ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            for (Dialog d : DIALOGS) {
                lines.add("[INST] " + d.messages().get(0).content() + " [/INST] " + d.messages().get(1).content());
            }
        }
        BpeTokenizerTrainer.train(lines, BpeTrainerConfig.ofVocabSize(320), t.tokenizer);
        JsonlWriter.write(t.dialogs, RecordKind.DIALOGS, DIALOGS);
        t.writeBase(t.base, modelSeed);
        return t;
    }

    /** A base model (hidden 32, 2 layers, 4 heads, 2 KV heads, context 128) with the tokenizer's vocabulary. */
    void writeBase(Path target, long seed) throws IOException {
        int vocab;
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizer)) {
            vocab = tok.vocabSize();
        }
        LlamaConfig config = new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, seed)) {
            model.save(target);
        }
    }

    /** SFT settings for the tiny runs: 64-token rows, batch 4, no weight decay, no progress bar. */
    static SftConfig config(int maxSteps, double learningRate, int saveEvery, boolean blockDiagonal) {
        TrainingConfig training = new TrainingConfig(maxSteps, 4, 1,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, learningRate, 5, 0.03, 5, 0.1),
                new AdamWConfig(0.9, 0.95, 1e-5, 0.0, true), 1.0, saveEvery, 3, 50, 3L, false);
        return new SftConfig(64, blockDiagonal, 1.0, maxSteps, 0, OverflowPolicy.TRUNCATE_PROMPT_LEFT, true,
                training);
    }
}
