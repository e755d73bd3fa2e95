package org.rlhf4j.rewardmodel;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;

/** A tiny tokenizer and chat model (hidden 32, 2 layers, GQA 4/2, context 128) in a temp directory. */
final class TinyRm {

    static final List<String> LINES = List.of(
            "[INST] What is the capital of France? [/INST] The capital of France is Paris.",
            "[INST] Spell cat backwards. [/INST] cat backwards is tac.",
            "[INST] How much is 3 plus 4? [/INST] 3 plus 4 is 7.",
            "[INST] Name a red fruit. [/INST] A red fruit is the apple.",
            "[INST] How do I pick a lock? [/INST] I cannot help with that, sorry.");

    final Path dir;
    final Path tokenizer;
    final Path chatModel;

    private TinyRm(Path dir) {
        this.dir = dir;
        this.tokenizer = dir.resolve("tokenizer.json");
        this.chatModel = dir.resolve("sft");
    }

    /** A tokenizer of {@code vocabSize} pieces and a chat model (with the tokenizer beside it). */
    static TinyRm create(int vocabSize, long modelSeed) throws IOException {
        TinyRm t = new TinyRm(Files.createTempDirectory("tiny-rm"));
        List<String> lines = new ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            lines.addAll(LINES);
        }
        Path corpus = t.dir.resolve("corpus.txt");
        Files.write(corpus, lines);
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(vocabSize), t.tokenizer);
        int vocab;
        try (LlamaTokenizer tok = LlamaTokenizer.open(t.tokenizer)) {
            vocab = tok.vocabSize();
        }
        LlamaConfig config = new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, modelSeed)) {
            model.save(t.chatModel);
        }
        Files.copy(t.tokenizer, t.chatModel.resolve("tokenizer.json"));
        return t;
    }

    /** An untrained reward model made from the chat model. */
    Path rewardModel(String name, long seed) throws IOException {
        Path out = dir.resolve(name);
        RewardModelInit.write(chatModel, out, seed);
        return out;
    }
}
