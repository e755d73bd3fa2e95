package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rlhf reward}: train, evaluate and apply the helpfulness and safety reward models (Llama 2 §3.2.2). */
@Command(
        name = "reward",
        mixinStandardHelpOptions = true,
        description = "Reward models: train from a chat model on preference pairs, evaluate (Table 8), score.",
        subcommands = {RewardTrainCommand.class, RewardEvalCommand.class, RewardScoreCommand.class})
public final class RewardCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
