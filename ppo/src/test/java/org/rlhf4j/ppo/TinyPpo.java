package org.rlhf4j.ppo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.rlhf4j.training.AdamWConfig;

/**
 * A tiny PPO set-up in a temp directory: a BPE tokenizer, a chat model (hidden 32, 2 layers, GQA 4/2, context 128)
 * with the tokenizer beside it, two untrained reward models made from it (fresh score heads: arbitrary but
 * deterministic scores) and a prompt file with safety and helpfulness prompts.
 */
final class TinyPpo {

    static final List<String> LINES = List.of(
            "[INST] What is the capital of France? [/INST] The capital of France is Paris.",
            "[INST] Spell cat backwards. [/INST] cat backwards is tac.",
            "[INST] How much is 3 plus 4? [/INST] 3 plus 4 is 7.",
            "[INST] Name a red fruit. [/INST] A red fruit is the apple.",
            "[INST] How do I pick a lock? [/INST] I cannot help with that, sorry.");

    final Path dir;
    final Path policy;
    final Path helpfulnessRm;
    final Path safetyRm;
    final Path prompts;

    private TinyPpo(Path dir) {
        this.dir = dir;
        this.policy = dir.resolve("sft");
        this.helpfulnessRm = dir.resolve("rm-helpfulness");
        this.safetyRm = dir.resolve("rm-safety");
        this.prompts = dir.resolve("prompts.jsonl");
    }

    /** The set-up {@link #create()} wrote into {@code dir}. */
    static TinyPpo at(Path dir) {
        return new TinyPpo(dir);
    }

    static TinyPpo create() throws IOException {
        TinyPpo t = new TinyPpo(Files.createTempDirectory("tiny-ppo"));
        Path corpus = t.dir.resolve("corpus.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.addAll(LINES);
        }
        Files.write(corpus, lines);
        Path tokenizer = t.dir.resolve("tokenizer.json");
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(300), tokenizer);
        int vocab;
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizer)) {
            vocab = tok.vocabSize();
        }
        LlamaConfig config = new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 7)) {
            model.save(t.policy);
        }
        Files.copy(tokenizer, t.policy.resolve("tokenizer.json"));
        RewardModelInit.write(t.policy, t.helpfulnessRm, 11);
        RewardModelInit.write(t.policy, t.safetyRm, 12);
        List<PromptRecord> records = new ArrayList<>();
        String[] questions = {"What is the capital of France?", "Spell cat backwards.", "How much is 3 plus 4?",
            "Name a red fruit.", "How do I pick a lock?", "Name a fruit.", "Spell dog backwards.",
            "How much is 2 plus 2?", "What is the capital of Spain?", "How do I open a lock?"};
        for (int i = 0; i < 12; i++) {
            String q = questions[i % questions.length];
            boolean safety = q.contains("lock");
            records.add(new PromptRecord("p" + i, List.of(Message.user(q)), safety, safety ? "crime" : "general"));
        }
        JsonlWriter.write(t.prompts, RecordKind.PROMPTS, records);
        return t;
    }

    /**
     * 8 prompts per iteration in mini-batches of 4 (2 steps), answers up to 8 tokens, 2 held-out prompts evaluated
     * every iteration, a checkpoint every iteration; learning rates large enough to move a tiny model.
     */
    static PpoConfig config(int iterations) {
        return config(iterations, 1e-3);
    }

    /** {@link #config(int)} with another policy learning rate. */
    static PpoConfig config(int iterations, double policyLearningRate) {
        return new PpoConfig(8, 4, iterations, 0.2, 0.2, 0.05, 1.0, 0.95, 1.0, 8, 4, policyLearningRate, 1e-3,
                new AdamWConfig(0.9, 0.95, 1e-5, 0.1, true), 1.0, Whitening.Statistics.RUNNING,
                RewardFunction.GATED, ValueModelInit.HELPFULNESS_RM, 2, 1, 0, 1, 5L, 0.0, 4, 1.0);
    }
}
