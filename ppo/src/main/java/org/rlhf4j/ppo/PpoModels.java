package org.rlhf4j.ppo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.rewardmodel.RewardModels;

/**
 * The five models of a PPO run (Llama 2 §3.2.3): the policy πθ being trained, the frozen reference π0 (the policy
 * at the start), the value model being trained (a {@code LlamaModel} with the scalar score head), and the frozen
 * helpfulness and safety reward models. Owns and closes them.
 *
 * <p>Frozen means: never handed to an optimiser and only run outside the gradient collector; the tests check that
 * an iteration leaves their weights bit-for-bit unchanged.
 */
public final class PpoModels implements AutoCloseable {

    private final NDManager manager;
    private final LlamaModel policy;
    private final LlamaModel reference;
    private final LlamaModel value;
    private final RewardModels rewardModels;
    private final LlamaTokenizer tokenizer;

    /** Takes ownership of everything given. */
    public PpoModels(NDManager manager, LlamaModel policy, LlamaModel reference, LlamaModel value,
                     RewardModels rewardModels, LlamaTokenizer tokenizer) {
        if (policy.headKind() != HeadKind.CAUSAL_LM || reference.headKind() != HeadKind.CAUSAL_LM) {
            throw new IllegalArgumentException("the policy and the reference need a causal-LM head ("
                    + HeadKind.CAUSAL_LM.architecture() + ")");
        }
        requireValueHead(value, "the value model");
        if (policy.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the policy's vocabulary (" + policy.config().vocabSize()
                    + ") differs from its tokenizer's (" + tokenizer.vocabSize() + ", " + tokenizer.file() + ")");
        }
        if (value.config().vocabSize() != policy.config().vocabSize()) {
            throw new IllegalArgumentException("the value model's vocabulary (" + value.config().vocabSize()
                    + ") differs from the policy's (" + policy.config().vocabSize() + ")");
        }
        this.manager = manager;
        this.policy = policy;
        this.reference = reference;
        this.value = value;
        this.rewardModels = rewardModels;
        this.tokenizer = tokenizer;
    }

    /**
     * Opens a run's models from directories: the policy (Hugging Face causal LM with {@code tokenizer.json}; π0 is
     * a second copy of it), the two reward models, and the value model from {@code valueDir} (a reward-model
     * directory; null: the reward model {@code init} names).
     *
     * @throws IllegalArgumentException when the reward models' tokenizer differs from the policy's or the value
     *     model does not have the scalar score head
     */
    public static PpoModels open(Path policyDir, Path helpfulnessRmDir, Path safetyRmDir, Path valueDir,
                                 ValueModelInit init) throws IOException {
        Path tokenizerFile = policyDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException(policyDir + ": no tokenizer.json beside the policy weights");
        }
        Path valueSource = valueDir != null ? valueDir
                : init == ValueModelInit.SAFETY_RM ? safetyRmDir : helpfulnessRmDir;
        RewardModels rms = RewardModels.open(helpfulnessRmDir, safetyRmDir);
        NDManager manager = NDManager.newBaseManager();
        LlamaTokenizer tokenizer = null;
        try {
            rms.requireTokenizer(tokenizerFile);
            tokenizer = LlamaTokenizer.open(tokenizerFile);
            LlamaModel policy = LlamaModel.load(manager, policyDir);
            if (policy.headKind() != HeadKind.CAUSAL_LM) {
                throw new IllegalArgumentException(policyDir + " holds a " + policy.headKind().architecture()
                        + "; the policy must be a causal LM (" + HeadKind.CAUSAL_LM.architecture() + ")");
            }
            LlamaModel reference = LlamaModel.load(manager, policyDir);
            LlamaModel value = LlamaModel.load(manager, valueSource);
            requireValueHead(value, "value model " + valueSource);
            return new PpoModels(manager, policy, reference, value, rms, tokenizer);
        } catch (IOException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            manager.close();
            rms.close();
            throw e;
        }
    }

    private static void requireValueHead(LlamaModel value, String what) {
        if (value.headKind() != HeadKind.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException(what + " has a " + value.headKind() + " head ("
                    + value.headKind().architecture() + "); PPO's value model needs the scalar score head ("
                    + HeadKind.SEQUENCE_CLASSIFICATION.architecture() + ", score.weight), e.g. a reward model");
        }
    }

    /** The manager the run's optimiser state and per-step managers hang off. */
    public NDManager manager() {
        return manager;
    }

    /** πθ, trained. */
    public LlamaModel policy() {
        return policy;
    }

    /** π0, frozen. */
    public LlamaModel reference() {
        return reference;
    }

    /** The value model, trained. */
    public LlamaModel value() {
        return value;
    }

    /** Helpfulness and safety RMs, frozen. */
    public RewardModels rewardModels() {
        return rewardModels;
    }

    /** The policy's (and the reward models') tokenizer. */
    public LlamaTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        try {
            rewardModels.close();
        } finally {
            tokenizer.close();
            policy.close();
            reference.close();
            value.close();
            manager.close();
        }
    }
}
