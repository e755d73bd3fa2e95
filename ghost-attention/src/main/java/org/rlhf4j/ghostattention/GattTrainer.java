package org.rlhf4j.ghostattention;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.SeededSubset;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a chat model on GAtt dialogs (paper §3.3): {@link GhostAttentionMask#trainingRows} (instruction in the
 * first turn only), optionally mixed with other dialogs (e.g. the SFT demonstrations; a single-turn dialog's last
 * answer is its only answer, so its loss is unchanged), trained with the SFT trainer under
 * {@link GhostAttentionMask#LOSS_ON}. Writes a model directory of kind {@value #KIND} (weights, tokenizer, metrics,
 * loss plot, checkpoints, manifest); a killed run resumes.
 */
public final class GattTrainer {

    /** Manifest kind of a GAtt-trained model directory. */
    public static final String KIND = "gatt-model";

    private static final Logger LOG = LoggerFactory.getLogger(GattTrainer.class);

    private GattTrainer() {}

    /**
     * @param modelDir the chat model to fine-tune (Hugging Face directory with {@code tokenizer.json})
     * @param gattDialogs synthesized dialogs in training form ({@link GattSynthesizer})
     * @param mixDialogs extra dialogs trained alongside when {@code config.mixDialogs()}, or null
     * @param outDir the run and model directory
     */
    public static SftResult train(Path modelDir, Path gattDialogs, Path mixDialogs, Path outDir,
                                  GattTrainingConfig config, boolean resume) throws IOException {
        List<Dialog> rows = new ArrayList<>(GhostAttentionMask.trainingRows(
                JsonlReader.readAll(gattDialogs, RecordKind.DIALOGS), config.everyTurn()));
        int gattRows = rows.size();
        requireRowsFit(rows, modelDir.resolve("tokenizer.json"), config.sft().sequenceLength(), gattDialogs);
        List<Path> inputs = new ArrayList<>(List.of(gattDialogs));
        if (config.mixDialogs() && mixDialogs != null) {
            rows.addAll(share(JsonlReader.readAll(mixDialogs, RecordKind.DIALOGS), config.mixShare(),
                    config.sft().training().seed()));
            inputs.add(mixDialogs);
        }
        LOG.info("GAtt training: {} GAtt rows, {} mixed dialogs", gattRows, rows.size() - gattRows);
        return SftTrainer.train(modelDir, modelDir.resolve("tokenizer.json"), rows, gattDialogs, inputs, outDir,
                config.sft(), GhostAttentionMask.LOSS_ON, KIND, "gatt", resume);
    }

    /**
     * ⌈share · n⌉ of the dialogs, drawn without replacement with {@code seed}, in their file order (all of them when
     * {@code share} is 1).
     */
    static List<Dialog> share(List<Dialog> dialogs, double share, long seed) {
        return SeededSubset.of(dialogs, (int) Math.ceil(share * dialogs.size() - 1e-9), seed);
    }

    /**
     * A GAtt row longer than a packed row would be dropped (cutting it on the left would remove the instruction):
     * an error naming the dialog, its length and the row length instead.
     */
    static void requireRowsFit(List<Dialog> rows, Path tokenizerFile, int sequenceLength, Path source)
            throws IOException {
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile)) {
            ChatFormat format = new ChatFormat(tokenizer);
            for (Dialog d : rows) {
                int length;
                try {
                    length = format.encodeDialog(d.messages()).length();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": dialog " + d.id() + ": " + e.getMessage(), e);
                }
                if (length > sequenceLength) {
                    throw new IllegalArgumentException(source + ": GAtt dialog " + d.id() + " has " + length
                            + " tokens, more than the row length " + sequenceLength + " (at most the model's context);"
                            + " synthesize fewer turns or train with longer rows");
                }
            }
        }
    }
}
