package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.DataFormatException;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.CategoryScore;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;
import picocli.CommandLine.Command;
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
 * pass {@code --temperature 1} (with {@code --seed}) to judge sampled answers.
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

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-new-tokens", defaultValue = "" + ChatSamplingConfig.DEFAULT_MAX_NEW_TOKENS,
            description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--batch-size", defaultValue = "" + ChatSamplingConfig.DEFAULT_BATCH_SIZE,
            description = "Prompts decoded together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", paramLabel = "<n>", description = "Judge only the first n prompts.")
    Integer limit;

    @Option(names = "--out", paramLabel = "<file.jsonl>",
            description = "Also write each prompt's answer and judgement as JSON lines (atomically).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChatSamplingConfig config;
        List<PromptRecord> records;
        try {
            config = new ChatSamplingConfig(temperature, topP, maxNewTokens, batchSize);
            if (limit != null && limit < 1) {
                throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
            }
            records = JsonlReader.readAll(prompts, RecordKind.PROMPTS);
        } catch (IllegalArgumentException | DataFormatException | IOException e) {
            err.println("rlhf judge: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (limit != null && limit < records.size()) {
            records = records.subList(0, limit);
        }
        long start = System.nanoTime();
        List<JudgedResponse> judged;
        try (ChatSampler sampler = ChatSampler.open(model)) {
            List<String> answers = sampler.answer(records, config, seed);
            judged = ArenaEvaluation.judgeAll(records, answers, new ArenaJudge());
        } catch (IllegalArgumentException | IOException e) {
            err.println("rlhf judge: " + e.getMessage());
            err.flush();
            return 2;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out != null) {
            JsonLinesOutput.write(out, judged);
        }
        JudgeReport report = ArenaEvaluation.summarise(judged);
        printTable(stdout, report, seconds);
        Map<String, Object> json = new LinkedHashMap<>(report.summary());
        json.put("temperature", temperature);
        json.put("top_p", topP);
        json.put("seed", seed);
        json.put("max_new_tokens", maxNewTokens);
        json.put("batch_size", batchSize);
        json.put("seconds", Math.round(seconds * 1000) / 1000.0);
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
