package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.CalibrationPlot;
import org.rlhf4j.rewardmodel.RewardModelJudge;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.rlhf4j.rewardmodel.ResponsesFile;
import org.rlhf4j.spark.SparkRewardScoring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf reward score --model RM --prompts prompts.jsonl --responses answers.jsonl [--out scored.jsonl]
 * [--reference-field F --plot calibration.png] [--versus other.jsonl]}: scores responses (e.g. {@code rlhf judge
 * --out} files) with a reward model. With {@code --reference-field}, Spearman's ρ against that numeric field (e.g. the
 * arena judge's {@code helpfulness}) and a calibration plot; with {@code --versus}, the RM-judge win rate of these
 * responses over the other file's answers to the same prompts (Llama 2 Fig. 11). Last line: JSON. With
 * {@code --engine spark [--master URL]} the scoring runs as a Spark job ({@link SparkRewardScoring}; the same scores,
 * bit for bit, so the same {@code --out} file).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score responses with a reward model; calibration against a reference score; RM win rate.")
public final class RewardScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Reward-model directory.")
    Path model;

    @Option(names = "--prompts", required = true, description = "Prompt records (JSON Lines) the ids refer to.")
    Path prompts;

    @Option(names = "--responses", required = true,
            description = "JSON Lines with \"id\" and \"response\" (other fields kept), e.g. rlhf judge --out.")
    Path responses;

    @Option(names = "--out", description = "Write the responses with an added \"rm_score\" (JSON Lines).")
    Path out;

    @Option(names = "--reference-field", description = "Numeric field to compare the RM scores with.")
    String referenceField;

    @Option(names = "--plot", description = "Calibration plot (PNG) of RM score vs the reference field.")
    Path plot;

    @Option(names = "--versus", description = "Another responses file: RM win rate of --responses over it.")
    Path versus;

    @Mixin EngineOptions engine;

    /** Scores dialogs and responses: this process's scorer or a Spark job. */
    @FunctionalInterface
    private interface Scoring {
        float[] score(List<List<Message>> dialogs, List<String> responses) throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        var w = spec.commandLine().getOut();
        boolean spark = engine.spark();
        if (spark) {
            RewardModelScorer.requireRewardModelDir(model); // before the Spark context starts
        }
        try (RewardModelScorer local = spark ? null : RewardModelScorer.open(model);
             JavaSparkContext sc = spark ? engine.sparkEngine().start("rlhf reward score") : null) {
            Scoring scorer = spark
                    ? (d, r) -> SparkRewardScoring.score(sc, engine.partitions, model, d, r)
                    : local::score;
            Map<String, PromptRecord> byId = new HashMap<>();
            for (PromptRecord p : JsonlReader.readAll(prompts, RecordKind.PROMPTS)) {
                byId.put(p.id(), p);
            }
            List<ResponsesFile.Line> lines = ResponsesFile.read(responses);
            float[] scores = score(scorer, byId, responses, lines);
            double mean = 0;
            for (float s : scores) {
                mean += s / (double) scores.length;
            }
            json.put("model", model.toString());
            json.put("responses", lines.size());
            json.put("mean_score", mean);
            w.printf("scored %d responses of %s with %s: mean score %.4f%n", lines.size(), responses, model, mean);
            if (referenceField != null) {
                double[] ref = ResponsesFile.numbers(responses, lines, referenceField);
                double rho = CalibrationPlot.spearman(scores, ref);
                json.put("spearman_vs_" + referenceField, Double.isNaN(rho) ? null : rho);
                w.printf("Spearman ρ of RM score vs %s: %.3f%n", referenceField, rho);
                if (plot != null) {
                    CalibrationPlot.write(plot, model.getFileName() + " vs " + referenceField, referenceField,
                            scores, ref);
                }
            }
            if (versus != null) {
                List<ResponsesFile.Line> other = ResponsesFile.read(versus);
                Map<String, Integer> at = new HashMap<>();
                for (int i = 0; i < lines.size(); i++) {
                    at.put(lines.get(i).id(), i);
                }
                List<ResponsesFile.Line> matched = new ArrayList<>();
                List<Float> mine = new ArrayList<>();
                for (ResponsesFile.Line l : other) {
                    Integer i = at.get(l.id());
                    if (i != null) {
                        matched.add(l);
                        mine.add(scores[i]);
                    }
                }
                float[] b = score(scorer, byId, versus, matched);
                float[] a = new float[mine.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = mine.get(i);
                }
                RewardModelJudge judge = RewardModelJudge.compare(a, b);
                json.put("versus", versus.toString());
                json.put("rm_judge", judge.toMap());
                w.printf("RM judge: %s over %s on %d prompts: win %d, tie %d, loss %d (win rate %.3f)%n",
                        responses, versus, a.length, judge.wins(), judge.ties(), judge.losses(), judge.winRate());
                if (referenceField != null) {
                    // per prompt: does the RM order the two answers as the reference does (reference ties skipped)?
                    double[] refA = ResponsesFile.numbers(responses, lines, referenceField);
                    double[] refB = ResponsesFile.numbers(versus, matched, referenceField);
                    int agree = 0;
                    int decided = 0;
                    for (int i = 0; i < a.length; i++) {
                        double rb = refB[i];
                        double ra = refA[at.get(matched.get(i).id())];
                        if (ra != rb) {
                            decided++;
                            agree += (a[i] > b[i]) == (ra > rb) && a[i] != b[i] ? 1 : 0;
                        }
                    }
                    json.put("pairwise_agreement_with_" + referenceField, decided == 0 ? null
                            : (double) agree / decided);
                    json.put("pairwise_decided", decided);
                    w.printf("RM orders the two answers as %s does on %d of %d prompts where %s differs%n",
                            referenceField, agree, decided, referenceField);
                }
            }
            if (out != null) {
                ResponsesFile.writeScored(out, lines, scores);
            }
        } catch (IllegalArgumentException | DataFormatException | IOException e) {
            spec.commandLine().getErr().println("rlhf reward score: " + e.getMessage());
            return 1;
        }
        w.println(new ObjectMapper().writeValueAsString(json));
        w.flush();
        return 0;
    }

    private static float[] score(Scoring scorer, Map<String, PromptRecord> byId, Path file,
                                 List<ResponsesFile.Line> lines) throws IOException {
        List<List<Message>> dialogs = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (ResponsesFile.Line l : lines) {
            PromptRecord p = byId.get(l.id());
            if (p == null) {
                throw new IllegalArgumentException(file + ":" + l.line() + ": id: no prompt '" + l.id()
                        + "' in the prompts file");
            }
            dialogs.add(p.messages());
            texts.add(l.response());
        }
        return scorer.score(dialogs, texts);
    }
}
