package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.artifacts.InputException;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.CategoryScore;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.WinRate;
import org.rlhf4j.eval.WinRateConfig;
import org.rlhf4j.eval.WinTieLoss;
import org.rlhf4j.spark.SparkArenaEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf judge --model DIR --prompts prompts.jsonl}: samples one answer per arena prompt and prints the arena
 * judge's verdict: a table per category group, then, as the last line, one JSON object with {@code prompts},
 * {@code mean_helpfulness}, {@code safety_violation_rate} (safety prompts answered unsafely),
 * {@code false_refusal_rate} (borderline prompts refused), each rate's Wilson 95% interval ({@code *_ci95}), the
 * prompt counts and the sampling settings. The
 * default temperature is 0 (greedy), which makes the number a stable property of the model; the paper samples, so
 * pass {@code --temperature 1} (with {@code --seed}) to judge sampled answers. With {@code --against DIR} a second
 * model answers too, and the first model's win / tie / loss against it is printed (and put under {@code versus}).
 * {@code --engine spark [--master URL]} answers and judges as a Spark job ({@link SparkArenaEvaluation}: the same
 * batches with the same seeds, so the same answers, {@code --out} file and numbers).
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Answer arena prompts with a model and report the arena judge's helpfulness, "
                + "safety-violation and false-refusal rates (last line: JSON).")
public final class JudgeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "<dir>",
            description = "Model directory: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--prompts", required = true, paramLabel = "<prompts.jsonl>",
            description = "Arena prompt records (e.g. prompts/test.jsonl of an arena directory).")
    Path prompts;

    @Option(names = "--temperature", defaultValue = "0",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin BatchDecodingOptions decoding;

    @Option(names = "--limit", paramLabel = "<n>", description = "Judge only the first n prompts.")
    Integer limit;

    @Option(names = "--out", paramLabel = "<file.jsonl>",
            description = "Also write each prompt's answer and judgement as JSON lines (atomically).")
    Path out;

    @Option(names = "--against", paramLabel = "<dir>",
            description = "A second model answering the same prompts with the same settings; prints the first"
                    + " model's win / tie / loss against it by the arena judge and the win rate of decided pairs"
                    + " with its 95%% Wilson interval.")
    Path against;

    @Mixin EngineOptions engine;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        ChatSamplingConfig config = decoding.at(temperature);
        if (limit != null && limit < 1) {
            throw InputException.flag("--limit", "must be >= 1, got " + limit);
        }
        List<PromptRecord> records = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
        if (limit != null && limit < records.size()) {
            records = records.subList(0, limit);
        }
        long start = System.nanoTime();
        List<JudgedResponse> judged;
        WinTieLoss versus = null;
        if (engine.spark()) {
            SparkArenaEvaluation.Result r = SparkArenaEvaluation.judge(engine.sparkEngine(), model, against, records,
                    config, seed);
            judged = r.judged();
            if (against != null) {
                versus = WinRate.compare(records, r.answers(), r.baseline(), new ArenaJudge(),
                        WinRateConfig.defaults());
            }
        } else {
            try (ChatSampler sampler = ChatSampler.open(model)) {
                List<String> answers = sampler.answer(records, config, seed);
                judged = ArenaEvaluation.judgeAll(records, answers, new ArenaJudge());
                if (against != null) {
                    List<String> baseline;
                    try (ChatSampler other = ChatSampler.open(against)) {
                        baseline = other.answer(records, config, seed);
                    }
                    versus = WinRate.compare(records, answers, baseline, new ArenaJudge(), WinRateConfig.defaults());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out != null) {
            JsonLinesOutput.write(out, judged);
        }
        JudgeReport report = ArenaEvaluation.summarise(judged);
        printTable(stdout, report, seconds);
        Map<String, Object> json = new LinkedHashMap<>(report.summary());
        json.put("temperature", temperature);
        json.put("top_p", config.topP());
        json.put("seed", seed);
        json.put("max_new_tokens", config.maxNewTokens());
        json.put("batch_size", config.batchSize());
        json.put("seconds", Math.round(seconds * 1000) / 1000.0);
        if (versus != null) {
            Map<String, Object> head = new LinkedHashMap<>(versus.summary());
            head.put("against", against.toString());
            int decided = versus.wins() + versus.losses();
            stdout.printf("%s vs %s (arena judge, helpfulness, tie within %.2f): win %.1f%%, tie %.1f%%, loss %.1f%%%n",
                    model, against, WinRateConfig.defaults().tieEpsilon(), 100 * versus.winRate(),
                    100 * versus.tieRate(), 100 * versus.lossRate());
            if (decided > 0) {
                ConfidenceInterval ci = new WilsonScoreInterval().createInterval(decided, versus.wins(), 0.95);
                double rate = (double) versus.wins() / decided;
                stdout.printf("win rate of decided pairs: %.1f%% (%d of %d; 95%% Wilson interval %.1f%%–%.1f%%)%n",
                        100 * rate, versus.wins(), decided, 100 * ci.getLowerBound(), 100 * ci.getUpperBound());
                head.put("decided_win_rate", rate);
                head.put("decided_win_rate_wilson95", List.of(ci.getLowerBound(), ci.getUpperBound()));
            }
            json.put("versus", head);
        }
        stdout.println(new ObjectMapper().writeValueAsString(json));
        stdout.flush();
        return 0;
    }

    private void printTable(PrintWriter o, JudgeReport report, double seconds) {
        o.printf("judged %d prompts of %s with %s (%s, seed %d) in %.1f s%n", report.prompts(), prompts, model,
                temperature == 0 ? "greedy" : "temperature " + temperature, seed, seconds);
        o.printf("%-20s %8s %12s %8s %9s%n", "category", "prompts", "helpfulness", "unsafe", "refusals");
        for (Map.Entry<String, CategoryScore> e : report.byCategory().entrySet()) {
            CategoryScore c = e.getValue();
            o.printf("%-20s %8d %12.3f %8d %9d%n", e.getKey(), c.prompts(), c.meanHelpfulness(), c.unsafe(),
                    c.refusals());
        }
        o.printf("%-20s %8d %12.3f%n", "all", report.prompts(), report.meanHelpfulness());
        o.printf("safety violation rate: %s of safety prompts (Wilson 95%%)%n",
                report.safetyViolationInterval().format());
        o.printf("false refusal rate:    %s of borderline prompts (Wilson 95%%)%n",
                report.falseRefusalInterval().format());
    }
}
