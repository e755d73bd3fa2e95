package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.ghostattention.GattTrainer;
import org.rlhf4j.ghostattention.GattTrainingConfig;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf gatt train --model DIR --dialogs FILE [--mix FILE] --out DIR [--config f.yaml] [--max-steps N]
 * [--save-every N] [--seed N] [--resume]}: fine-tunes a chat model on GAtt dialogs with the SFT trainer, the
 * instruction in the first turn only and the loss on the last answer only. Defaults: {@code GattTrainingConfig.demo()}
 * (the config file holds SFT keys).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune on GAtt dialogs: loss on the last assistant turn only (Llama 2 §3.3).")
public final class GattTrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Chat model directory to fine-tune (with tokenizer.json).")
    Path model;

    @Option(names = "--dialogs", required = true, description = "GAtt dialogs from 'rlhf gatt synthesize'.")
    Path dialogs;

    @Option(names = "--mix", description = "Other dialogs trained alongside (e.g. the SFT demonstrations).")
    Path mix;

    @Mixin TrainingRunOptions run;

    @Override
    public Integer call() throws Exception {
        GattTrainingConfig config;
        try {
            GattTrainingConfig d = GattTrainingConfig.demo();
            SftConfig sft = run.resolve(d.sft());
            config = new GattTrainingConfig(sft, d.everyTurn(), d.mixDialogs(), 1, d.mixShare());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("rlhf gatt train: " + e.getMessage());
            return 2;
        }
        SftResult result;
        try {
            result = GattTrainer.train(model, dialogs, mix, run.out, config, run.resume);
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
            spec.commandLine().getErr().println("rlhf gatt train: " + e.getMessage());
            return 1;
        }
        TrainingRunOptions.printSummary(spec.commandLine().getOut(), "gatt", result);
        return 0;
    }
}
