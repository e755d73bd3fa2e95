package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import org.rlhf4j.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf sft --base DIR --data dialogs.jsonl --out DIR [--tokenizer FILE] [--defaults demo|llama2]
 * [--config file.yaml] [--max-steps N] [--save-every N] [--seed N] [--resume]}: supervised fine-tuning (Llama 2
 * §3.1). Defaults: the CPU demo's values ({@code SftConfig.demo()}), or the paper's with {@code --defaults llama2}.
 */
@Command(name = "sft", mixinStandardHelpOptions = true,
        description = "Supervised fine-tuning on dialogs: loss on the answer tokens only (Llama 2 §3.1).")
public final class SftCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--base", required = true, description = "Base model directory (Hugging Face layout).")
    Path base;

    @Option(names = "--data", required = true, description = "SFT dialogs (JSON Lines).")
    Path data;

    @Option(names = "--tokenizer", description = "tokenizer.json (default: the one in --base).")
    Path tokenizer;

    @Option(names = "--defaults", defaultValue = "demo",
            description = "Config defaults the file and flags override: demo (CPU) or llama2 (the paper's).")
    String defaults;

    @Mixin TrainingRunOptions run;

    @Override
    public Integer call() throws Exception {
        SftConfig config = run.resolve(switch (defaults) {
            case "demo" -> SftConfig.demo();
            case "llama2" -> SftConfig.llama2();
            default -> throw new ParameterException(spec.commandLine(),
                    "--defaults: must be demo or llama2, got " + defaults);
        });
        // the model directory is checked first (missing, a file, a reward model), then its tokenizer.json
        SftResult result = SftTrainer.train(base, tokenizer != null ? tokenizer : base, data, run.out, config,
                run.resume);
        TrainingRunOptions.printSummary(spec.commandLine().getOut(), "sft", result);
        return 0;
    }
}
