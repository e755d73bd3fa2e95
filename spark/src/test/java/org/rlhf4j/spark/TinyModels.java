package org.rlhf4j.spark;

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
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rejectionsampling.PoolPolicy;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.rlhf4j.rewardmodel.RewardFunction;
import org.rlhf4j.rewardmodel.RewardModelInit;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;

/**
 * A tiny tokenizer, chat model (hidden 32, 2 layers, GQA 4/2, context 128), two untrained reward models made from
 * it (fresh score heads: arbitrary but deterministic scores) and {@code n} prompts, in a temp directory.
 */
final class TinyModels {

    private static final List<String> LINES = List.of(
            "[INST] What is the capital of France? [/INST] The capital of France is Paris.",
            "[INST] Spell cat backwards. [/INST] cat backwards is tac.",
            "[INST] How much is 3 plus 4? [/INST] 3 plus 4 is 7.",
            "[INST] Name a red fruit. [/INST] A red fruit is the apple.",
            "[INST] How do I pick a lock? [/INST] I cannot help with that, sorry.");

    private static final String[] QUESTIONS = {"What is the capital of France?", "Spell cat backwards.",
        "How much is 3 plus 4?", "Name a red fruit.", "How do I pick a lock?", "What is the capital of Paris?",
        "Spell tac backwards.", "How much is 4 plus 3?", "Name a fruit."};

    final Path dir;
    final Path policy;
    final Path helpfulness;
    final Path safety;
    final Path prompts;
    private LlamaConfig modelConfig;

    private TinyModels(Path dir) {
        this.dir = dir;
        this.policy = dir.resolve("sft");
        this.helpfulness = dir.resolve("rm-helpfulness");
        this.safety = dir.resolve("rm-safety");
        this.prompts = dir.resolve("prompts.jsonl");
    }

    static TinyModels create(int promptCount) throws IOException {
        TinyModels t = new TinyModels(Files.createTempDirectory("tiny-spark"));
        List<String> lines = new ArrayList<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            lines.addAll(LINES);
        }
        Path corpus = t.dir.resolve("corpus.txt");
        Files.write(corpus, lines);
        Path tokenizer = t.dir.resolve("tokenizer.json");
        BpeTokenizerTrainer.train(corpus, BpeTrainerConfig.ofVocabSize(320), tokenizer);
        int vocab;
        try (LlamaTokenizer tok = LlamaTokenizer.open(tokenizer)) {
            vocab = tok.vocabSize();
        }
        t.modelConfig = new LlamaConfig(32, 2, 4, 2, 8, 64, vocab, 128, 10000.0, 1e-5);
        t.writePolicy(t.policy, 7);
        RewardModelInit.write(t.policy, t.helpfulness, 11);
        RewardModelInit.write(t.policy, t.safety, 12);
        t.writePrompts(t.prompts, promptCount);
        return t;
    }

    /** Another chat model (other initial weights, the same tokenizer) in {@code name}. */
    Path otherPolicy(String name, long seed) throws IOException {
        Path dir = this.dir.resolve(name);
        writePolicy(dir, seed);
        return dir;
    }

    private void writePolicy(Path out, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.initialized(manager, modelConfig, HeadKind.CAUSAL_LM, seed)) {
            model.save(out);
        }
        Files.copy(dir.resolve("tokenizer.json"), out.resolve("tokenizer.json"));
    }

    /** {@code n} prompts {@code p0 …}, the questions in turn, every fifth a safety prompt. */
    void writePrompts(Path file, int n) throws IOException {
        List<PromptRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new PromptRecord("p" + i, List.of(Message.user(QUESTIONS[i % QUESTIONS.length])),
                    i % 5 == 4, "tiny"));
        }
        JsonlWriter.write(file, RecordKind.PROMPTS, records);
    }

    /**
     * K = 4, temperatures swept on 3 validation prompts, {@code maxNewTokens} new tokens, 3 prompts a batch,
     * {@code shardSize} prompts a shard.
     */
    static RejectionSamplingConfig config(List<Double> temperatures, int maxNewTokens, int shardSize) {
        TrainingConfig training = new TrainingConfig(1, 4, 1,
                new ScheduleConfig(ScheduleConfig.Kind.CONSTANT, 1e-3, 0, 0.0, 0, 1.0), AdamWConfig.llama2(), 1.0,
                1, 2, 1, 42L, false);
        SftConfig sft = new SftConfig(64, true, 1.0, 2, PackingConfig.DEFAULT_PAD_ID,
                OverflowPolicy.TRUNCATE_PROMPT_LEFT, true, training);
        return new RejectionSamplingConfig(4, temperatures, 3, maxNewTokens, 3, shardSize, RewardFunction.GATED,
                PoolPolicy.RESCORE, sft, 0.0, 1.0);
    }
}
