package org.rlhf4j.sft;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.artifacts.OutputDirectory;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.packing.LossOn;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.data.packing.PackingResult;
import org.rlhf4j.data.packing.SequencePacker;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.hf.HfCheckpoint;
import org.rlhf4j.training.TrainingLoop;
import org.rlhf4j.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning (Llama 2 §3.1, METHOD.md §3): demonstrations → chat format → packed rows → next-token
 * cross-entropy on the answer tokens (their EOS included) with AdamW, cosine schedule and clipping
 * ({@link org.rlhf4j.training.TrainingLoop}) → the fine-tuned model in the Hugging Face layout.
 *
 * <p>The output directory holds {@code config.json} + {@code model.safetensors} (load with
 * {@link LlamaModel#load}), {@code tokenizer.json}, {@code metrics.csv}, {@code loss.png}, {@code checkpoints/} and
 * {@code manifest.json} (kind {@value #KIND}; resolved config, SHA-256 of the inputs and of every file, final
 * metrics). {@link Pretraining} runs the same trainer with every token a target.
 */
public final class SftTrainer {

    /** Manifest kind of an SFT model directory. */
    public static final String KIND = "sft-model";

    private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

    private SftTrainer() {}

    /**
     * Fine-tunes the model in {@code baseDir} on the dialogs of {@code dialogsFile}.
     *
     * @param baseDir Hugging Face model directory (causal-LM head)
     * @param tokenizerFile the tokenizer the base model was trained with ({@code tokenizer.json}, or a directory
     *     holding one)
     * @param dialogsFile SFT dialogs, JSON Lines ({@code {"id", "messages", "tags"}})
     * @param outDir run and model directory
     * @param config the SFT settings
     * @param resume continue from the newest checkpoint in {@code outDir/checkpoints}
     */
    public static SftResult train(Path baseDir, Path tokenizerFile, Path dialogsFile, Path outDir, SftConfig config,
                                  boolean resume) throws IOException {
        OutputDirectory.requireWritable(outDir);
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, baseDir, HeadKind.CAUSAL_LM);
             LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile)) {
            List<Dialog> dialogs = JsonlReader.readAll(dialogsFile, RecordKind.DIALOGS);
            if (dialogs.isEmpty()) {
                throw new InputException(dialogsFile, "holds no dialogs; expected "
                        + RecordKind.DIALOGS.description() + ", one a line");
            }
            List<ChatTokens> examples = chatFormat(dialogs, new ChatFormat(tokenizer), dialogsFile);
            Path weights = baseDir.resolve(HfCheckpoint.SINGLE_FILE);
            Path baseFile = Files.isRegularFile(weights) ? weights : baseDir.resolve(HfCheckpoint.INDEX_FILE);
            List<Path> inputs = List.of(baseFile, tokenizer.file(), dialogsFile);
            return trainOn(model, manager, tokenizer, examples, config, config.packing(), outDir, KIND, "sft", inputs,
                    resume);
        }
    }

    /**
     * Fine-tunes the model in {@code baseDir} on {@code dialogs} with the targets {@code lossOn} selects — the entry
     * point of stages that train on dialogs with the SFT trainer under another loss mask (Ghost Attention:
     * {@link LossOn#LAST_ASSISTANT_TURN}, METHOD.md §7).
     *
     * @param dialogs the training dialogs, in order (shuffled with the training seed when {@code config.shuffle()})
     * @param source the file they came from, for error messages
     * @param inputs files whose SHA-256 the manifest records (the base weights and tokenizer are added)
     * @param kind manifest kind of the output directory
     * @param stage the run's name in logs and metrics
     */
    public static SftResult train(Path baseDir, Path tokenizerFile, List<Dialog> dialogs, Path source,
                                  List<Path> inputs, Path outDir, SftConfig config, LossOn lossOn, String kind,
                                  String stage, boolean resume) throws IOException {
        try (LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile);
             NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, baseDir)) {
            List<ChatTokens> examples = chatFormat(dialogs, new ChatFormat(tokenizer), source);
            Path weights = baseDir.resolve(HfCheckpoint.SINGLE_FILE);
            Path baseFile = Files.isRegularFile(weights) ? weights : baseDir.resolve(HfCheckpoint.INDEX_FILE);
            List<Path> all = new ArrayList<>(List.of(baseFile, tokenizer.file()));
            all.addAll(inputs);
            return trainOn(model, manager, tokenizer, examples, config, config.packing().withLossOn(lossOn), outDir,
                    kind, stage, all, resume);
        }
    }

    /** Encodes every dialog as {@code <s>[INST] user [/INST] answer </s>…}; errors name the file and record. */
    static List<ChatTokens> chatFormat(List<Dialog> dialogs, ChatFormat format, Path file) {
        List<ChatTokens> examples = new ArrayList<>(dialogs.size());
        for (int i = 0; i < dialogs.size(); i++) {
            try {
                examples.add(format.encodeDialog(dialogs.get(i).messages()));
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "record " + (i + 1) + " (id " + dialogs.get(i).id() + "): "
                        + e.getMessage(), e);
            }
        }
        return examples;
    }

    /**
     * The trainer both SFT and pretraining run: pack → train → save the model, tokenizer and manifest.
     *
     * @param examples tokenised examples whose {@code assistant} flags mark the targets
     */
    static SftResult trainOn(LlamaModel model, NDManager manager, LlamaTokenizer tokenizer,
                             List<ChatTokens> examples, SftConfig config, PackingConfig packing, Path outDir,
                             String kind, String stage,
                             List<Path> inputs, boolean resume) throws IOException {
        if (model.headKind() != HeadKind.CAUSAL_LM) {
            throw new IllegalArgumentException("SFT needs " + HeadKind.CAUSAL_LM.describe() + ", got "
                    + model.headKind().describe());
        }
        if (config.sequenceLength() > model.config().maxPositions()) {
            throw InputException.flag("sequence_length", config.sequenceLength()
                    + " exceeds the model's context of " + model.config().maxPositions() + " tokens");
        }
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            throw new InputException(tokenizer.file(), "has " + tokenizer.vocabSize()
                    + " pieces but the model only " + model.config().vocabSize()
                    + "; pass the tokenizer the model was trained with");
        }
        long seed = config.training().seed();
        List<ChatTokens> ordered = new ArrayList<>(examples);
        if (config.shuffle()) {
            Collections.shuffle(ordered, new Random(seed));
        }
        PackingResult packed = new SequencePacker(packing, tokenizer.eosId()).pack(ordered);
        if (packed.rows().isEmpty()) {
            throw InputException.flag("sequence_length", "no example fits: all " + examples.size()
                    + " were dropped at sequence_length " + config.sequenceLength() + " (overflow_policy "
                    + packing.overflowPolicy() + ")");
        }
        SftConfig resolved = config.resolved(packed.rows().size());
        LOG.info("{}: {} rows of {} tokens, {} target tokens, batch {} rows, {} updates (≈{} epochs)", stage,
                packed.rows().size(), config.sequenceLength(), packed.stats().targetTokens(),
                resolved.training().effectiveBatchSize(), resolved.training().maxSteps(),
                String.format("%.2f", (double) resolved.training().maxSteps()
                        * resolved.training().effectiveBatchSize() / packed.rows().size()));

        PackedRowBatches data = new PackedRowBatches(packed.rows(), resolved.training().microBatchSize(),
                config.shuffle(), seed);
        SftStep step = new SftStep(model, manager, config.sequenceLength(), config.blockDiagonalAttention());
        TrainingLoop<PackedBatch> loop = new TrainingLoop<>(model, manager, data, step, resolved.training(), outDir,
                new TrainingLoop.RunDescription(kind, stage, resolved, inputs, List.of()));
        TrainingResult result = resume ? loop.resume() : loop.run();

        model.save(outDir);
        AtomicFile.write(outDir.resolve("tokenizer.json"), out -> Files.copy(tokenizer.file(), out));
        Manifest fromLoop = Manifest.read(outDir);
        Map<String, Object> metrics = new LinkedHashMap<>(fromLoop.metrics());
        long tokensSeen = ((Number) fromLoop.metrics().getOrDefault("tokens_seen", 0)).longValue();
        double tokensPerSecond = result.elapsedSeconds() > 0 ? tokensSeen / result.elapsedSeconds() : 0;
        metrics.put("tokens_per_second", tokensPerSecond);
        metrics.put("wall_seconds", result.elapsedSeconds());
        metrics.put("packed_rows", packed.rows().size());
        metrics.put("packed_examples", packed.stats().packedExamples());
        metrics.put("dropped_examples", packed.stats().droppedExamples());
        metrics.put("truncated_examples", packed.stats().truncatedExamples());
        metrics.put("target_tokens_per_epoch", packed.stats().targetTokens());
        metrics.put("fill_ratio", packed.stats().fillRatio());
        new Manifest(kind, 1, stage, fromLoop.config(), fromLoop.inputs(), null, fromLoop.versions(),
                Engine.getInstance().defaultDevice().toString(), seed, metrics).writeTo(outDir);
        LOG.info("{} model written to {} ({} updates, final loss {}, {} tokens/s)", stage, outDir, result.steps(),
                String.format("%.4f", result.finalLoss()), String.format("%.0f", tokensPerSecond));
        return new SftResult(result, packed.stats(), tokensSeen, tokensPerSecond);
    }
}
