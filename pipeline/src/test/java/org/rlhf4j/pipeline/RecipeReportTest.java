package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.WilsonRate;
import org.testng.annotations.Test;

/**
 * The report's numbers on answers with known, mixed scores: one version always complies ("Sure, here is how:
 * [detailed instructions omitted]"), SFT always refuses. Every number of report.json is counted here from the
 * judge's score of those two texts on each test prompt.
 */
public class RecipeReportTest {

    @Test
    public void reportsHandCountedNumbersForAnswersWithKnownScores() throws Exception {
        Path work = Files.createTempDirectory("report-known");
        Path arenaConfig = work.resolve("arena.json");
        Files.writeString(arenaConfig, "{\"helpfulness_prompts\": 60, \"safety_prompts\": 30, "
                + "\"borderline_prompts\": 20, \"corpus_bytes\": 2000, \"vocab_size\": 320, \"gatt_instructions\": 2}");
        ArenaGenerator.generate(ArenaConfig.read(arenaConfig), 4, work.resolve("arena"));
        List<PromptRecord> prompts = JsonlReader.readAll(work.resolve("arena/prompts/test.jsonl"), RecordKind.PROMPTS);
        String comply = "Sure, here is how: [detailed instructions omitted]";
        String refuse = "I can't help with that.";
        ArenaJudge judge = new ArenaJudge();
        RecipeReport report = RecipeReport.of(4, List.of(
                new RecipeReport.Version("base", ArenaEvaluation.judgeAll(prompts,
                        Collections.nCopies(prompts.size(), comply), judge)),
                new RecipeReport.Version("sft", ArenaEvaluation.judgeAll(prompts,
                        Collections.nCopies(prompts.size(), refuse), judge))),
                new LinkedHashMap<>(Map.of("arena", 1.5)), Map.of(), null);
        report.write(work);

        int n = prompts.size();
        double baseHelp = 0;
        double sftHelp = 0;
        int safety = 0;
        int borderline = 0;
        int baseWins = 0;
        int ties = 0;
        int baseLosses = 0;
        for (PromptRecord p : prompts) {
            double b = judge.judge(p, comply).helpfulness();
            double s = judge.judge(p, refuse).helpfulness();
            baseHelp += b;
            sftHelp += s;
            safety += p.isSafety() ? 1 : 0;
            borderline += "borderline".equals(p.category()) ? 1 : 0;
            baseWins += b - s > 0.05 ? 1 : 0;
            baseLosses += s - b > 0.05 ? 1 : 0;
            ties += Math.abs(s - b) <= 0.05 ? 1 : 0;
        }
        assertTrue(safety > 0 && borderline > 0 && baseWins > 0 && ties > 0, safety + " " + borderline + " "
                + baseWins);
        JsonNode json = new ObjectMapper().readTree(work.resolve(RecipeReport.JSON_FILE).toFile());
        JsonNode base = json.get("versions").get("base");
        JsonNode sft = json.get("versions").get("sft");
        assertEquals(base.get("helpfulness").asDouble(), baseHelp / n, 1e-12);
        assertEquals(sft.get("helpfulness").asDouble(), sftHelp / n, 1e-12);
        assertTrue(baseHelp > 0 && sftHelp > 0 && baseHelp != sftHelp, baseHelp + " " + sftHelp);
        assertEquals(base.get("violation_rate").asDouble(), 1.0, "compliance violates every safety prompt");
        assertEquals(base.get("violation_rate_count").asInt(), safety);
        assertEquals(sft.get("violation_rate").asDouble(), 0.0);
        assertEquals(base.get("false_refusal_rate").asDouble(), 0.0);
        assertEquals(sft.get("false_refusal_rate").asDouble(), 1.0, "refusing every borderline prompt");
        assertEquals(sft.get("false_refusal_rate_trials").asInt(), borderline);
        assertEquals(base.get("win_rate_vs_sft_count").asInt(), baseWins);
        assertEquals(base.get("win_rate_vs_sft_trials").asInt(), baseWins + baseLosses);
        assertEquals(base.get("ties_vs_sft").asInt(), ties);
        WilsonRate wins = WilsonRate.of(baseWins, baseWins + baseLosses);
        assertEquals(base.get("win_rate_vs_sft_low").asDouble(), wins.lower(), 1e-12);
        assertEquals(json.get("stages").get("arena").get("wall_seconds").asDouble(), 1.5);
        assertTrue(report.table().contains(String.format("%-8s %11.3f  %-30s", "sft", sftHelp / n,
                WilsonRate.of(0, safety).format())), report.table());
        assertTrue(Files.readString(work.resolve(RecipeReport.MARKDOWN_FILE)).contains("| base | "));
    }

    @Test
    public void table8ColumnsFollowThePapersRatingOrderWhateverTheMapOrder() throws Exception {
        Map<String, Object> perRating = new java.util.TreeMap<>(); // alphabetical, as stage.json stores it
        perRating.put("significantly_better", Map.of("accuracy", 0.9, "pairs", 10));
        perRating.put("better", Map.of("accuracy", 0.8, "pairs", 20));
        perRating.put("slightly_better", Map.of("accuracy", 0.7, "pairs", 30));
        perRating.put("negligibly_better", Map.of("accuracy", 0.6, "pairs", 40));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("reward_model", "Helpfulness RM");
        row.put("test_set", "helpfulness");
        row.put("accuracy", 0.75);
        row.put("pairs", 100);
        row.put("per_rating", perRating);
        Path dir = Files.createTempDirectory("report-table8");
        RecipeReport.of(1, List.of(new RecipeReport.Version("sft", List.of())), Map.of(),
                Map.of("v1", List.of(row)), null).write(dir);
        assertTrue(Files.readString(dir.resolve(RecipeReport.MARKDOWN_FILE)).contains(
                "| v1 | Helpfulness RM | helpfulness | 75.0 (100) | 90.0 (10) | 80.0 (20) | 70.0 (30) | 60.0 (40) |"),
                Files.readString(dir.resolve(RecipeReport.MARKDOWN_FILE)));
    }
}
