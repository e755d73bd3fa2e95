package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class JudgeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Path arena;
    private Path modelDir;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("judge-arena");
        ArenaGenerator.generate(new ArenaConfig(300, 60, 20, 0.1, 0.1, 0.1, 1.0, 0.0,
                        0.15, 0.5, 0.25, 0.1, 20, 3, 20_000, 320),
                4L, arena);
        modelDir = Files.createTempDirectory("judge-model");
        int vocab;
        try (LlamaTokenizer t = LlamaTokenizer.open(arena.resolve("tokenizer.json"))) {
            vocab = t.vocabSize();
        }
        try (NDManager m = NDManager.newBaseManager();
                LlamaModel model = LlamaModel.initialized(m, LlamaConfig.preset("tiny").withVocabSize(vocab),
                        HeadKind.CAUSAL_LM, 11)) {
            model.save(modelDir);
        }
        Files.copy(arena.resolve("tokenizer.json"), modelDir.resolve("tokenizer.json"));
    }

    private static JsonNode lastLine(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    public void printsTheRatesAsJsonAndTheyMatchTheWrittenAnswers() throws Exception {
        Path answers = Files.createTempDirectory("judge-out").resolve("answers.jsonl");
        CliRun run = CliRun.of("judge", "--model", modelDir.toString(), "--prompts",
                arena.resolve("prompts/test.jsonl").toString(), "--limit", "30", "--max-new-tokens", "8",
                "--batch-size", "7", "--out", answers.toString());
        assertEquals(run.exitCode(), 0, run.err());
        assertTrue(run.out().contains("safety violation rate"), run.out());
        JsonNode json = lastLine(run.out());
        assertEquals(json.get("prompts").asInt(), 30);
        assertEquals(json.get("temperature").asDouble(), 0.0);
        assertEquals(json.get("max_new_tokens").asInt(), 8);
        for (String rate : List.of("mean_helpfulness", "safety_violation_rate", "false_refusal_rate")) {
            if (!json.get(rate).isNull()) {
                double r = json.get(rate).asDouble();
                assertTrue(r >= 0 && r <= 1, rate + " " + r);
            }
        }

        List<PromptRecord> prompts =
                JsonlReader.readAll(arena.resolve("prompts/test.jsonl"), RecordKind.PROMPTS).subList(0, 30);
        List<String> lines = Files.readAllLines(answers);
        assertEquals(lines.size(), 30);
        List<String> responses = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JudgedResponse j = JSON.readValue(lines.get(i), JudgedResponse.class);
            assertEquals(j.id(), prompts.get(i).id());
            responses.add(j.response());
        }
        JudgeReport direct = ArenaEvaluation.evaluate(prompts, responses, new ArenaJudge());
        assertEquals(json.get("mean_helpfulness").asDouble(), direct.meanHelpfulness(), 1e-12);
        assertEquals(json.get("safety_prompts").asInt(), direct.safetyPrompts());
        assertEquals(json.get("borderline_prompts").asInt(), direct.borderlinePrompts());
        assertRate(json.get("safety_violation_rate"), direct.safetyViolationRate());
        assertRate(json.get("false_refusal_rate"), direct.falseRefusalRate());
        assertInterval(json.get("safety_violation_ci95"), direct.safetyViolationInterval().ci95());
        assertInterval(json.get("false_refusal_ci95"), direct.falseRefusalInterval().ci95());
        assertTrue(run.out().contains(direct.safetyViolationInterval().format() + " of safety prompts (Wilson 95%)"),
                run.out());

        // Greedy: the same numbers again with another batch size.
        CliRun again = CliRun.of("judge", "--model", modelDir.toString(), "--prompts",
                arena.resolve("prompts/test.jsonl").toString(), "--limit", "30", "--max-new-tokens", "8",
                "--batch-size", "30");
        assertEquals(again.exitCode(), 0, again.err());
        assertEquals(lastLine(again.out()).get("mean_helpfulness"), json.get("mean_helpfulness"));
    }

    /**
     * Mixed scores, counted by hand: a model that refuses everything (a hand-built bigram model, see
     * {@link ConstantAnswerModel}) scores the judge's refusal helpfulness on safety prompts (a bare refusal covers one
     * guideline part) and 0 elsewhere, no safety violation, and a false refusal on every borderline prompt. The
     * printed numbers must be those sums over the right denominators.
     */
    @Test
    public void aRefusingModelGetsTheHandCountedNumbers() throws Exception {
        String refusal = "I can't help with that.";
        List<PromptRecord> prompts = JsonlReader.readAll(arena.resolve("prompts/test.jsonl"), RecordKind.PROMPTS);
        Path refuser = Files.createTempDirectory("judge-refuser");
        ConstantAnswerModel.write(refuser, refusal, prompts);
        Path answers = Files.createTempDirectory("judge-refuser-out").resolve("answers.jsonl");
        CliRun run = CliRun.of("judge", "--model", refuser.toString(), "--prompts",
                arena.resolve("prompts/test.jsonl").toString(), "--max-new-tokens", "16", "--batch-size", "16",
                "--out", answers.toString());
        assertEquals(run.exitCode(), 0, run.err());
        for (String line : Files.readAllLines(answers)) {
            assertEquals(JSON.readValue(line, JudgedResponse.class).response(), refusal, "the model's answer");
        }

        ArenaJudge judge = new ArenaJudge();
        double helpfulnessSum = 0;
        int safety = 0;
        int borderline = 0;
        for (PromptRecord p : prompts) {
            helpfulnessSum += judge.judge(p, refusal).helpfulness();
            safety += p.isSafety() ? 1 : 0;
            borderline += "borderline".equals(p.category()) ? 1 : 0;
            assertEquals(judge.judge(p, refusal).helpfulness(), p.isSafety() ? 1.0 / 3 : 0.0, 1e-12, p.id());
        }
        assertTrue(safety > 0 && borderline > 0 && safety + borderline < prompts.size(), safety + "/" + borderline);
        JsonNode json = lastLine(run.out());
        assertEquals(json.get("prompts").asInt(), prompts.size());
        assertEquals(json.get("mean_helpfulness").asDouble(), helpfulnessSum / prompts.size(), 1e-12);
        assertEquals(json.get("mean_helpfulness").asDouble(), safety / 3.0 / prompts.size(), 1e-12);
        assertEquals(json.get("safety_prompts").asInt(), safety);
        assertEquals(json.get("safety_violation_rate").asDouble(), 0.0);
        assertEquals(json.get("borderline_prompts").asInt(), borderline);
        assertEquals(json.get("false_refusal_rate").asDouble(), 1.0);
        assertTrue(run.out().contains("false refusal rate:    " + WilsonRate.of(borderline, borderline).format()
                + " of borderline prompts (Wilson 95%)"), run.out());
        assertTrue(run.out().contains("safety violation rate: " + WilsonRate.of(0, safety).format()
                + " of safety prompts (Wilson 95%)"), run.out());
    }

    private static void assertRate(JsonNode printed, double direct) {
        if (Double.isNaN(direct)) {
            assertTrue(printed.isNull());
        } else {
            assertEquals(printed.asDouble(), direct, 1e-12);
        }
    }

    private static void assertInterval(JsonNode printed, List<Double> direct) {
        if (direct == null) {
            assertTrue(printed.isNull());
        } else {
            assertEquals(printed.get(0).asDouble(), direct.get(0), 1e-12);
            assertEquals(printed.get(1).asDouble(), direct.get(1), 1e-12);
        }
    }

    @Test
    public void missingModelOrBadFlagsAreErrors() throws Exception {
        Path empty = Files.createTempDirectory("judge-empty");
        CliRun run = CliRun.of("judge", "--model", empty.toString(), "--prompts",
                arena.resolve("prompts/test.jsonl").toString());
        assertEquals(run.exitCode(), ExitCode.BAD_INPUT);
        assertEquals(run.err(), "rlhf judge: " + empty + ": no config.json in this directory; expected a model"
                + " directory (config.json + model.safetensors)\n");
        CliRun bad = CliRun.of("judge", "--model", modelDir.toString(), "--prompts",
                arena.resolve("prompts/test.jsonl").toString(), "--temperature", "-1");
        assertNotEquals(bad.exitCode(), 0);
        assertTrue(bad.err().contains("temperature"), bad.err());
        assertFalse(bad.out().contains("{"));
    }
}
