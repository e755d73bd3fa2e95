package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.sft.Pretraining;
import org.rlhf4j.sft.SftConfig;
import org.rlhf4j.sft.SftResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf pretrain --corpus corpus.txt --tokenizer tokenizer.json --out DIR [--preset demo] [--config FILE]
 * [--max-steps N] [--save-every N] [--seed N] [--resume]}: plain language-model training of the demo's tiny base
 * model (the SFT trainer with every token a target). Defaults: {@code SftConfig.demoPretraining()}.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a tiny base model on a text corpus (one example per line) for the demo.")
public final class PretrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, description = "UTF-8 text, one example per line.")
    Path corpus;

    @Option(names = "--tokenizer", required = true, description = "tokenizer.json (e.g. the arena's).")
    Path tokenizer;

    @Option(names = "--preset", defaultValue = "demo", description = "Model size preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Mixin TrainingRunOptions run;

    @Override
    public Integer call() throws Exception {
        DataOptions.parse(spec, "--preset", preset, LlamaConfig::preset); // an unknown preset is a usage error
        SftConfig config = run.resolve(SftConfig.demoPretraining());
        SftResult result = Pretraining.train(corpus, tokenizer, preset, run.out, config, run.resume);
        TrainingRunOptions.printSummary(spec.commandLine().getOut(), "pretrain", result);
        return 0;
    }
}
