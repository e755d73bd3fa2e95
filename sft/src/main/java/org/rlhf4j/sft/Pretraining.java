package org.rlhf4j.sft;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.OutputDirectory;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.tokenizer.CorpusLines;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;

/**
 * Plain language-model training of the demo's tiny base model: the {@link SftTrainer} with every token a target.
 * Each non-blank corpus line becomes one example {@code <s> text </s>} (BOS never a target, EOS a target), packed
 * like SFT dialogs. Not part of the paper's method (METHOD.md covers fine-tuning); it only gives the CPU demo a base
 * model to fine-tune. The output directory has the SFT layout, manifest kind {@value #KIND}.
 */
public final class Pretraining {

    /** Manifest kind of a pretrained base model directory. */
    public static final String KIND = "base-model";

    private Pretraining() {}

    /**
     * Trains a freshly initialised model ({@code preset} resized to the tokenizer's vocabulary, weights from the
     * training seed) on {@code corpusFile}.
     *
     * @param corpusFile UTF-8 text, one example per line
     * @param tokenizerFile {@code tokenizer.json}
     * @param preset a {@link LlamaConfig#preset} name, e.g. {@code demo}
     * @param outDir run and model directory
     * @param config the training settings (e.g. {@link SftConfig#demoPretraining()})
     * @param resume continue from the newest checkpoint in {@code outDir/checkpoints}
     */
    public static SftResult train(Path corpusFile, Path tokenizerFile, String preset, Path outDir, SftConfig config,
                                  boolean resume) throws IOException {
        OutputDirectory.requireWritable(outDir);
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager()) {
            LlamaConfig modelConfig = LlamaConfig.preset(preset).withVocabSize(tokenizer.vocabSize());
            List<String> lines = new ArrayList<>();
            CorpusLines.forEach(corpusFile, lines::add);
            List<ChatTokens> examples = corpusExamples(lines, tokenizer);
            if (examples.isEmpty()) {
                throw new InputException(corpusFile, (lines.isEmpty() ? "is empty" : "holds only blank lines")
                        + "; pretraining needs UTF-8 text, one example per line");
            }
            try (LlamaModel model = LlamaModel.initialized(manager, modelConfig, HeadKind.CAUSAL_LM,
                    config.training().seed())) {
                return SftTrainer.trainOn(model, manager, tokenizer, examples, config, config.packing(), outDir, KIND,
                        "pretrain",
                        List.of(corpusFile, tokenizer.file()), resume);
            }
        }
    }

    /** One example per non-blank line: {@code <s> + encode(line) + </s>}, every token after BOS a target. */
    static List<ChatTokens> corpusExamples(List<String> lines, LlamaTokenizer tokenizer) {
        List<ChatTokens> examples = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int[] text = tokenizer.encode(line);
            int[] ids = new int[text.length + 2];
            ids[0] = tokenizer.bosId();
            System.arraycopy(text, 0, ids, 1, text.length);
            ids[ids.length - 1] = tokenizer.eosId();
            boolean[] target = new boolean[ids.length];
            Arrays.fill(target, 1, ids.length, true);
            examples.add(new ChatTokens(ids, target, new int[ids.length]));
        }
        return examples;
    }
}
