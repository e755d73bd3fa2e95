package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf gatt ...}: Ghost Attention (Llama 2 §3.3): synthesize, train, evaluate retention. */
@Command(
        name = "gatt",
        mixinStandardHelpOptions = true,
        description = "Ghost Attention (Llama 2 §3.3): multi-turn instruction data, last-turn-only training, retention.",
        subcommands = {GattSynthesizeCommand.class, GattTrainCommand.class, GattEvalCommand.class,
                GattRunCommand.class})
public final class GattCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
