package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf rs}: rejection-sampling fine-tuning (Llama 2 §3.2.3) as sample, select, train, or all three. */
@Command(
        name = "rs",
        mixinStandardHelpOptions = true,
        description = "Rejection-sampling fine-tuning: best-of-K sampling scored by the reward models, selection,"
                + " fine-tuning from SFT (Llama 2 §3.2.3).",
        subcommands = {RsSampleCommand.class, RsSelectCommand.class, RsTrainCommand.class, RsRunCommand.class})
public final class RsCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
