package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.rejectionsampling.ContextDistillation;
import org.rlhf4j.rejectionsampling.ContextDistillationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf context-distill --policy DIR --sft DIR --safety-rm DIR --prompts F --selections F --out DIR}: safety
 * context distillation (Llama 2 §4.2.4) — the policy answers the adversarial prompts with and without the safety
 * preprompt, the preprompted answers the Safety RM prefers are kept as targets without the preprompt, joined to the
 * selections and fine-tuned from the SFT model with the rejection-sampling config's fine-tuning settings.
 */
@Command(name = "context-distill", mixinStandardHelpOptions = true,
        description = "Safety context distillation: keep preprompted answers the Safety RM prefers, fine-tune without"
                + " the preprompt.")
public final class ContextDistillCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--policy", required = true, description = "The model that answers (e.g. an RS model).")
    Path policy;

    @Option(names = "--sft", required = true, description = "The SFT model fine-tuned on selections + targets.")
    Path sft;

    @Option(names = "--safety-rm", required = true, description = "The Safety RM directory.")
    Path safetyRm;

    @Option(names = "--prompts", required = true, description = "Training prompts (the is_safety ones are used).")
    Path prompts;

    @Option(names = "--selections", required = true, description = "The iteration's RS selections (dialogs).")
    Path selections;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--cd-config", description = "Context-distillation config, YAML or JSON, over the demo defaults"
            + " (preprompt, temperature, max_new_tokens, batch_size, prompts).")
    Path cdConfig;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue a stopped fine-tuning run from its last checkpoint.")
    boolean resume;

    @Mixin RsOptions options;

    @Override
    public Integer call() {
        try {
            ContextDistillationConfig config = cdConfig == null ? ContextDistillationConfig.demo()
                    : ContextDistillationConfig.read(cdConfig, ContextDistillationConfig.demo());
            Map<String, Object> m = ContextDistillation.run(new ContextDistillation.Inputs(policy, sft, safetyRm,
                    prompts, selections, config, options.resolve().fineTune(), out, seed, resume));
            spec.commandLine().getOut().printf("context-distill finished: %s of %s preprompted answers kept (mean"
                            + " Safety RM score %.3f without the preprompt, %.3f with), %s fine-tuning steps, model in"
                            + " %s%n", m.get("kept"), m.get("prompts"), m.get("mean_plain_safety"),
                    m.get("mean_preprompted_safety"), m.get("fine_tune_steps"),
                    out.resolve(ContextDistillation.MODEL));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (Exception e) {
            spec.commandLine().getErr().println("rlhf context-distill: " + e.getMessage());
            return 1;
        }
    }
}
