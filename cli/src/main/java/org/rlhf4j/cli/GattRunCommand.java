package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.eval.GattPipeline;
import org.rlhf4j.eval.GattRetention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf gatt run --model DIR --arena DIR --out DIR [--seed N] [--rounds N]}: Ghost Attention end to end on the
 * arena ({@link GattPipeline#run}): synthesize with the arena's checker as the filter → fine-tune, {@code --rounds}
 * times (each round sampling from the previous round's model) → retention of the model before and after. Finished
 * parts in {@code --out} are reused.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "GAtt on the arena: (synthesize -> fine-tune) x rounds -> retention per turn, with and without"
                + " GAtt.")
public final class GattRunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "The latest chat model (e.g. the demo's sft/).")
    Path model;

    @Option(names = "--arena", required = true, description = "Arena directory (rlhf arena generate).")
    Path arena;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Synthesis and training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rounds", description = "Synthesize -> fine-tune rounds, each sampling from the previous round's"
            + " model (default: the demo's, the paper's three: V3, V4, V5).")
    Integer rounds;

    @Override
    public Integer call() {
        GattPipeline.Result result;
        try {
            GattPipeline.Settings demo = GattPipeline.Settings.demo(seed);
            GattPipeline.Settings settings = rounds == null ? demo : new GattPipeline.Settings(demo.synthesis(),
                    demo.training().withRounds(rounds), demo.retention());
            result = GattPipeline.run(model, arena, out, settings);
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            spec.commandLine().getErr().println("rlhf gatt run: " + e.getMessage());
            return 1;
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("synthesis:");
        for (Map.Entry<String, Object> e : result.synthesis().entrySet()) {
            o.printf("  %s: %s%n", e.getKey(), e.getValue());
        }
        if (result.training() != null) {
            TrainingRunOptions.printSummary(o, "gatt", result.training());
        }
        o.print(GattRetention.table(result.curves()));
        o.printf("retention: %s%n", out.resolve("retention"));
        o.flush();
        return 0;
    }
}
