package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.RewardModelEvaluation;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf reward eval --model DIR --pairs FILE [--name NAME] [--out DIR]}: a reward model's accuracy on pairs,
 * per axis and rating bucket (Llama 2 Table 8), precision/recall of unsafe responses at σ(score) &lt; 0.15 where
 * the pairs carry safety labels. Prints the table, then one JSON line. Every pair of the file is a test pair (pass
 * a trained RM's {@code test-helpfulness.jsonl} / {@code test-safety.jsonl} for its held-out pairs).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy of a reward model on preference pairs, per rating bucket (Table 8); last line JSON.")
public final class RewardEvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Reward-model directory.")
    Path model;

    @Option(names = "--pairs", required = true, arity = "1..*", description = "Test pairs (JSON Lines).")
    List<Path> pairs;

    @Option(names = "--name", description = "The RM's name in the table (default: the directory name).")
    String name;

    @Option(names = "--out", description = "Also write table8.csv and table8.json here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        RewardModelEvaluation.Report report;
        try (RewardModelScorer scorer = RewardModelScorer.open(model)) {
            List<PreferencePair> all = new java.util.ArrayList<>();
            for (Path p : pairs) {
                all.addAll(JsonlReader.readAll(p, RecordKind.PREFERENCES));
            }
            String rm = name != null ? name : model.getFileName().toString();
            List<RewardModelEvaluation.Row> rows = new java.util.ArrayList<>();
            for (Axis axis : new Axis[] {Axis.SAFETY, Axis.HELPFULNESS}) {
                List<PreferencePair> part = RewardModelEvaluation.onAxis(all, axis);
                if (!part.isEmpty()) {
                    rows.add(RewardModelEvaluation.evaluate(scorer, rm, axis.json(), part));
                }
            }
            report = new RewardModelEvaluation.Report(rows);
            if (out != null) {
                java.nio.file.Files.createDirectories(out);
                report.write(out, "table8");
            }
        } catch (IllegalArgumentException | DataFormatException | java.io.IOException e) {
            spec.commandLine().getErr().println("rlhf reward eval: " + e.getMessage());
            return 1;
        }
        var w = spec.commandLine().getOut();
        w.print(report.format());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("rows", report.toList());
        w.println(new ObjectMapper().writeValueAsString(json));
        w.flush();
        return 0;
    }
}
