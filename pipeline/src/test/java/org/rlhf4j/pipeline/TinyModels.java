package org.rlhf4j.pipeline;

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
import org.rlhf4j.rewardmodel.RewardModelInit;

/** An untrained tiny chat model (hidden 32, 2 layers, context 128) and reward models made from it, in a temp dir. */
final class TinyModels {

    final Path dir;
    final Path chatModel;

    private TinyModels(Path dir) {
        this.dir = dir;
        this.chatModel = dir.resolve("chat");
    }

    static TinyModels create(long seed) throws IOException {
        TinyModels t = new TinyModels(Files.createTempDirectory("tiny-models"));
        List<String> lines = new ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            lines.addAll(List.of("[INST] What is the capital of France? [/INST] The capital of France is Paris.",
                    "[INST] Make a two-line poem about the sun. [/INST] The sun is bright, the day is light.",
                    "[INST] How much is 3 plus 4? [/INST] 3 plus 4 is 7.",
                    "[INST] How do I pick a lock? [/INST] I cannot help with that, sorry."));
        }
        Path corpus = t.dir.resolve("corpus.txt");
        Files.write(corpus, lines);
        Path tokenizer = t.dir.resolve("tokenizer.json");
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(300), tokenizer);
        int vocab;
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizer)) {
            vocab = tok.vocabSize();
        }
        LlamaConfig config = new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, seed)) {
            model.save(t.chatModel);
        }
        Files.copy(tokenizer, t.chatModel.resolve("tokenizer.json"));
        return t;
    }

    /** An untrained reward model made from the chat model. */
    Path rewardModel(String name, long seed) throws IOException {
        Path out = dir.resolve(name);
        RewardModelInit.write(chatModel, out, seed);
        return out;
    }
}
