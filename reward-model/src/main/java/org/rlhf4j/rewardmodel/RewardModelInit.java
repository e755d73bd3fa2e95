package org.rlhf4j.rewardmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.FileTrees;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.tokenizer.LlamaPieces;
import org.rlhf4j.model.FloatTensor;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.rlhf4j.model.hf.HfConfigJson;
import org.rlhf4j.model.hf.HfFormatException;

/**
 * A reward model initialised from a chat (SFT) model (Llama 2 §3.2.2: "we initialize our reward models from
 * pretrained chat model checkpoints, as it ensures that both models benefit from knowledge acquired in
 * pretraining"): the trunk (embeddings, every layer, the final norm) is copied, the LM head {@code lm_head.weight}
 * (V, d) is dropped and a new scalar head {@code score.weight} (1, d) is added.
 *
 * <p><b>The score head's initialisation</b> (the paper gives none): each weight ~ N(0, 1/(d+1)), i.e. standard
 * deviation 1/√(d+1), from a seeded generator, as OpenRLHF initialises its reward/value heads. The final RMSNorm
 * output has entries of order 1, so initial scores are of order 1 and differ between responses: the ranking loss
 * has a gradient for the trunk from the first step (a zero head would give the trunk none until the head moves).
 *
 * <p><b>Padding id.</b> {@code pad_token_id} is written to {@code config.json}, as
 * {@code LlamaForSequenceClassification} needs it to find each row's last real token: the chat model's own pad id
 * when it has one that is not BOS/EOS, else {@code <unk>} (id 0), which byte-fallback encoding never produces. It
 * must not be EOS: transformers would take the EOS the score is read at for padding.
 */
public final class RewardModelInit {

    /** Manifest kind of a freshly initialised (untrained) reward-model directory. */
    public static final String KIND = "reward-model-init";

    private RewardModelInit() {}

    /**
     * The reward-model checkpoint made from a causal-LM checkpoint.
     *
     * @param chatModel an SFT (or base) model with {@code lm_head.weight}
     * @param seed seeds the score head
     */
    public static HfCheckpoint fromChatModel(HfCheckpoint chatModel, long seed) {
        if (chatModel.headKind() != HeadKind.CAUSAL_LM) {
            throw new IllegalArgumentException("a reward model is initialised from a chat model (LlamaForCausalLM), "
                    + "got a " + chatModel.headKind().architecture());
        }
        LlamaConfig config = chatModel.config().withPadTokenId(padId(chatModel.config()));
        int d = config.hiddenSize();
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : chatModel.tensors().entrySet()) {
            if (!e.getKey().equals(HeadKind.CAUSAL_LM.tensorName())) {
                tensors.put(e.getKey(), e.getValue());
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] head = new float[d];
        double std = 1.0 / Math.sqrt(d + 1.0);
        for (int i = 0; i < d; i++) {
            head[i] = (float) (gaussian(random) * std);
        }
        tensors.put(HeadKind.SEQUENCE_CLASSIFICATION.tensorName(), FloatTensor.of(new long[] {1, d}, head));
        return new HfCheckpoint(config, HeadKind.SEQUENCE_CLASSIFICATION, tensors);
    }

    /**
     * Reads a chat-model directory for initialising a reward model, refusing a reward model with a clear message.
     *
     * @param sftDir a Hugging Face {@code LlamaForCausalLM} directory with its {@code tokenizer.json}
     */
    public static HfCheckpoint readChatModel(Path sftDir) throws IOException {
        if (!Files.isRegularFile(sftDir.resolve(HfConfigJson.FILE_NAME))) {
            throw new HfFormatException(sftDir + ": not a model directory (no " + HfConfigJson.FILE_NAME + ")");
        }
        if (HfConfigJson.readHeadKind(sftDir) == HeadKind.SEQUENCE_CLASSIFICATION) {
            throw new HfFormatException(sftDir + " is a reward model (LlamaForSequenceClassification), not a chat "
                    + "model; a reward model is initialised from the SFT model's directory (LlamaForCausalLM)");
        }
        if (!Files.isRegularFile(sftDir.resolve("tokenizer.json"))) {
            throw new IOException(sftDir + ": no tokenizer.json beside the chat model");
        }
        return HfCheckpoint.read(sftDir, HeadKind.CAUSAL_LM);
    }

    /**
     * Writes an untrained reward model made from {@code sftDir} to {@code outDir} (which must not exist): the
     * checkpoint, the chat model's {@code tokenizer.json} and a manifest naming the chat model. All or nothing.
     */
    public static void write(Path sftDir, Path outDir, long seed) throws IOException {
        HfCheckpoint rm = fromChatModel(readChatModel(sftDir), seed);
        Path tmp = outDir.resolveSibling("." + outDir.getFileName() + ".tmp");
        FileTrees.delete(tmp);
        rm.write(tmp);
        Files.copy(sftDir.resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        new Manifest(KIND, 1, "reward-model", Map.of("score_init", "normal(0, 1/(d+1))", "seed", seed),
                Manifest.hashInputs(List.of(weightsFile(sftDir), sftDir.resolve("tokenizer.json"))), null,
                Manifest.baseVersions(), null, seed, Map.of()).writeTo(tmp);
        AtomicFile.moveDirectory(tmp, outDir);
    }

    /** The weights file of a model directory (single file or sharded index), for provenance. */
    public static Path weightsFile(Path modelDir) {
        Path single = modelDir.resolve(HfCheckpoint.SINGLE_FILE);
        return Files.isRegularFile(single) ? single : modelDir.resolve(HfCheckpoint.INDEX_FILE);
    }

    private static int padId(LlamaConfig config) {
        Integer pad = config.padTokenId();
        if (pad != null && pad != config.eosTokenId() && pad != config.bosTokenId()) {
            return pad;
        }
        if (LlamaPieces.UNK_ID == config.eosTokenId() || LlamaPieces.UNK_ID == config.bosTokenId()) {
            throw new IllegalArgumentException("no padding id: the chat model has no pad_token_id other than BOS/EOS"
                    + " and id 0 is BOS or EOS");
        }
        return LlamaPieces.UNK_ID;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

}
