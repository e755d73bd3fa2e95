package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.GattAttention;
import org.rlhf4j.eval.GattPipeline;
import org.rlhf4j.eval.GattRetention;
import org.rlhf4j.eval.RetentionCurve;
import org.rlhf4j.eval.RetentionPlot;
import org.rlhf4j.eval.SystemAttentionPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf gatt eval --model DIR [--baseline DIR] --dialogs arena/gatt/test.jsonl --out DIR
 * [--held-out-kind K]...}: instruction retention per turn (paper Table 30), judged by the arena's constraint checker;
 * prints the table and writes {@code retention.json}, {@code retention.txt}, {@code retention.png}, the attention on
 * the system message per turn and layer ({@code attention.csv}, {@code attention.png}; paper Fig. 10) and a manifest.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Instruction retention per dialog turn, with and without GAtt (Llama 2 Table 30), and the"
                + " attention of each turn on the system message per layer (Fig. 10).")
public final class GattEvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "The model to evaluate (e.g. the GAtt model).")
    Path model;

    @Option(names = "--baseline", description = "The model without GAtt, evaluated alongside.")
    Path baseline;

    @Option(names = "--dialogs", required = true, description = "Retention dialogs (arena gatt/test.jsonl).")
    Path dialogs;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--held-out-kind", defaultValue = "hobby",
            description = "Constraint kind left out of the GAtt data (default: ${DEFAULT-VALUE}; 'none' for none).")
    List<String> heldOut;

    @Option(names = "--max-new-tokens", defaultValue = "48", description = "Tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Override
    public Integer call() {
        List<RetentionCurve> curves;
        try {
            curves = GattPipeline.retention(baseline, "baseline", model, "model", dialogs,
                    new TreeSet<>(heldOut.contains("none") ? List.of() : heldOut),
                    ChatSamplingConfig.greedy().withMaxNewTokens(maxNewTokens).withBatchSize(64), out);
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("rlhf gatt eval: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().print(GattRetention.table(curves));
        spec.commandLine().getOut().printf("written: %s, %s, %s, %s%n", out.resolve("retention.json"),
                out.resolve(RetentionPlot.FILE_NAME), out.resolve(GattAttention.CSV_FILE),
                out.resolve(SystemAttentionPlot.FILE_NAME));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
