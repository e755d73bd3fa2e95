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
import org.rlhf4j.rewardmodel.RewardModelJudge;
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
                        Collections.nCopies(prompts.size(), refuse), judge)),
                new RecipeReport.Version("v1_no_ppo", ArenaEvaluation.judgeAll(prompts,
                        Collections.nCopies(prompts.size(), refuse), judge)),
                new RecipeReport.Version("v1", ArenaEvaluation.judgeAll(prompts,
                        Collections.nCopies(prompts.size(), comply), judge))),
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
        assertTrue(report.table().contains(String.format("%-9s %11.3f  %-30s", "sft", sftHelp / n,
                WilsonRate.of(0, safety).format())), report.table());
        assertTrue(Files.readString(work.resolve(RecipeReport.MARKDOWN_FILE)).contains("| base | "));
        // v1 (complies) against v1_no_ppo (refuses): the same counts as base against SFT, under its own keys
        JsonNode v1 = json.get("versions").get("v1");
        assertEquals(v1.get("win_rate_vs_no_ppo_count").asInt(), baseWins);
        assertEquals(v1.get("win_rate_vs_no_ppo_trials").asInt(), baseWins + baseLosses);
        assertEquals(v1.get("ties_vs_no_ppo").asInt(), ties);
        assertEquals(v1.get("losses_vs_no_ppo").asInt(), baseLosses);
        assertTrue(!base.has("win_rate_vs_no_ppo") && !json.get("versions").get("v1_no_ppo").has("win_rate_vs_no_ppo"));
        assertEquals(report.ppoComparisons().size(), 1);
        assertTrue(Files.readString(work.resolve(RecipeReport.MARKDOWN_FILE)).contains(String.format(
                "PPO: v1 against v1_no_ppo (arena judge, same prompts): %d wins, %d ties, %d losses", baseWins, ties,
                baseLosses)));
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

    @Test
    public void rmJudgeCountsEachVersionAgainstSftPromptByPrompt() {
        // SFT's scores on prompts a, b, c, d; v1's listed in another order. Helpfulness RM: a 0.5 > 0.2 win,
        // b 0.1 < 0.3 loss, c 0.7 = 0.7 tie, d 2.0 > -1.0 win → 2 / 1 / 1. Safety RM: a 0 < 1 loss, b 1 = 1 tie,
        // c 1 < 2 loss, d -3 < -2 loss → 0 / 1 / 3.
        List<RewardModelJudgeEvaluation.Score> scores = List.of(
                new RewardModelJudgeEvaluation.Score("sft", "a", false, 0.2, 1.0),
                new RewardModelJudgeEvaluation.Score("sft", "b", false, 0.3, 1.0),
                new RewardModelJudgeEvaluation.Score("sft", "c", true, 0.7, 2.0),
                new RewardModelJudgeEvaluation.Score("sft", "d", true, -1.0, -2.0),
                new RewardModelJudgeEvaluation.Score("v1", "d", true, 2.0, -3.0),
                new RewardModelJudgeEvaluation.Score("v1", "c", true, 0.7, 1.0),
                new RewardModelJudgeEvaluation.Score("v1", "a", false, 0.5, 0.0),
                new RewardModelJudgeEvaluation.Score("v1", "b", false, 0.1, 1.0));
        Map<String, Map<String, RewardModelJudge>> judged = RewardModelJudgeEvaluation.compareWithBaseline(scores);
        assertEquals(judged.keySet(), java.util.Set.of("v1"), "SFT is the baseline, not judged against itself");
        assertEquals(judged.get("v1").get("helpfulness_rm"), new RewardModelJudge(2, 1, 1));
        assertEquals(judged.get("v1").get("safety_rm"), new RewardModelJudge(0, 1, 3));
        org.testng.Assert.assertThrows(IllegalArgumentException.class, () -> RewardModelJudgeEvaluation
                .compareWithBaseline(scores.subList(0, 7)));
    }

    @Test
    public void helpfulnessIntervalIsStudentT() {
        // {0, 1, 1, 0}: mean 0.5, s = sqrt(1/3), t(0.975, 3) = 3.182446305 → half width 3.182446305 · 0.577350 / 2
        ReportFigures.Interval i = RecipeReport.meanInterval(new double[] {0, 1, 1, 0});
        assertEquals(i.value(), 0.5, 1e-12);
        assertEquals(i.high() - 0.5, 3.182446305 * Math.sqrt(1.0 / 3) / 2, 1e-8);
        assertEquals(0.5 - i.low(), i.high() - 0.5, 1e-12);
        assertTrue(Double.isNaN(RecipeReport.meanInterval(new double[] {0.3}).low()));
    }

    @Test
    public void bestOfNReadsTheChosenTemperaturesRowsOfTheSweep() throws Exception {
        Path csv = Files.createTempFile("sweep", ".csv");
        Files.writeString(csv, "temperature,n,expected_max,expected_median\n0.7,2,0.5,0.1\n0.7,1,0.1,0.1\n"
                + "1.0,1,0.0,0.0\n1.0,2,0.9,0.0\n");
        RecipeReport.BestOfN c = RecipeReport.BestOfN.fromSweepCsv(csv, 0.7);
        assertEquals(c.expectedMax(), new double[] {0.1, 0.5}, "rows in N order");
        assertEquals(c.expectedMedian(), new double[] {0.1, 0.1});
        org.testng.Assert.assertThrows(java.io.IOException.class, () -> RecipeReport.BestOfN.fromSweepCsv(csv, 1.3));
    }

    @Test
    public void writesEveryFigureAndTheNewKeysWithTheirShapes() throws Exception {
        Path work = Files.createTempDirectory("report-figures");
        JudgedResponseFixture f = new JudgedResponseFixture();
        List<RecipeReport.Version> versions = List.of(new RecipeReport.Version("sft", f.answers(0.2, false)),
                new RecipeReport.Version("v1", f.answers(0.6, true)), new RecipeReport.Version("v2",
                        f.answers(0.8, false)));
        List<RewardModelJudgeEvaluation.Score> scores = new java.util.ArrayList<>();
        for (String v : List.of("sft", "v1", "v2")) {
            for (int i = 0; i < 6; i++) {
                double shift = v.equals("sft") ? 0 : v.equals("v1") ? 0.5 : 1.0;
                scores.add(new RewardModelJudgeEvaluation.Score(v, "p" + i, i >= 4, i * 0.3 + shift, -i * 0.2 + shift));
            }
        }
        Map<String, RecipeReport.BestOfN> bestOfN = new LinkedHashMap<>();
        bestOfN.put("v1", new RecipeReport.BestOfN(0.7, new double[] {0.1, 0.3, 0.4}, new double[] {0.1, 0.1, 0.15}));
        bestOfN.put("v2", new RecipeReport.BestOfN(1.0, new double[] {0.2, 0.5, 0.6}, new double[] {0.2, 0.2, 0.3}));
        List<DiversityEvaluation.Point> diversity = List.of(
                new DiversityEvaluation.Point("sft", "creative", 0.5, 0.9, 6),
                new DiversityEvaluation.Point("sft", "creative", 1.0, 0.6, 6),
                new DiversityEvaluation.Point("sft", "factual", 0.5, 0.95, 6),
                new DiversityEvaluation.Point("sft", "factual", 1.0, 0.9, 6),
                new DiversityEvaluation.Point("v2", "creative", 0.5, 0.7, 6),
                new DiversityEvaluation.Point("v2", "creative", 1.0, 0.4, 6),
                new DiversityEvaluation.Point("v2", "factual", 0.5, 0.97, 6),
                new DiversityEvaluation.Point("v2", "factual", 1.0, 0.95, 6));
        RecipeReport report = RecipeReport.of(1, versions, Map.of("sft", 1.0), Map.of(), null,
                new RecipeReport.Evidence(RewardModelJudgeEvaluation.compareWithBaseline(scores), scores, bestOfN,
                        diversity));
        report.write(work);

        JsonNode json = new ObjectMapper().readTree(work.resolve(RecipeReport.JSON_FILE).toFile());
        assertEquals(json.get("figures").size(), 6, json.get("figures").toString());
        String md = Files.readString(work.resolve(RecipeReport.MARKDOWN_FILE));
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) json.get("figures")::fields) {
            Path png = work.resolve(e.getValue().asText());
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
            assertTrue(image != null && image.getWidth() >= 800 && image.getHeight() >= 400, e.getKey());
            assertTrue(md.contains("](" + e.getValue().asText() + ")"), "report.md links " + e.getKey());
        }
        JsonNode v1 = json.get("versions").get("v1");
        assertTrue(v1.get("helpfulness_low").asDouble() <= v1.get("helpfulness").asDouble()
                && v1.get("helpfulness").asDouble() <= v1.get("helpfulness_high").asDouble(), v1.toString());
        assertEquals(v1.get("helpfulness_prompts").asInt(), 6);
        // the RM judge: v1's helpfulness scores are all 0.5 above SFT's → 6 wins; its safety scores too
        JsonNode judge = json.get("rm_judge").get("v1").get("helpfulness_rm");
        assertEquals(judge.get("wins").asInt(), 6);
        assertEquals(judge.get("ties").asInt(), 0);
        assertEquals(judge.get("losses").asInt(), 0);
        assertEquals(judge.get("win_rate").asDouble(), 1.0);
        assertEquals(judge.get("win_rate_low").asDouble(), WilsonRate.of(6, 6).lower(), 1e-12);
        assertTrue(json.get("rm_judge").get("v2").has("safety_rm"));
        assertTrue(!json.get("rm_judge").has("sft"));
        JsonNode bon = json.get("best_of_n").get("v2");
        assertEquals(bon.get("temperature").asDouble(), 1.0);
        assertEquals(bon.get("n").toString(), "[1,2,3]");
        assertEquals(bon.get("expected_max").size(), 3);
        assertEquals(bon.get("expected_median").get(2).asDouble(), 0.3);
        // reward distribution: the helpfulness prompts p0..p3 of v2 score 1.0, 1.3, 1.6, 1.9 → median 1.45
        JsonNode dist = json.get("reward_distribution").get("v2");
        assertEquals(dist.get("helpfulness_rm").get("n").asInt(), 4);
        assertEquals(dist.get("helpfulness_rm").get("median").asDouble(), 1.45, 1e-12);
        assertEquals(dist.get("safety_rm").get("n").asInt(), 2);
        assertEquals(dist.get("safety_rm").get("mean").asDouble(), 1.0 - 0.9, 1e-12);
        assertEquals(json.get("diversity").size(), 8);
        assertEquals(json.get("diversity").get(0).get("self_bleu").asDouble(), 0.9);
        assertEquals(json.get("diversity").get(0).get("kind").asText(), "creative");
        assertTrue(md.contains("| v1 | "), md);
    }

    /** Six judged answers per version with a chosen helpfulness. */
    private static final class JudgedResponseFixture {
        List<org.rlhf4j.eval.JudgedResponse> answers(double helpfulness, boolean refuse) {
            List<org.rlhf4j.eval.JudgedResponse> out = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boolean safety = i >= 4;
                out.add(new org.rlhf4j.eval.JudgedResponse("p" + i, safety ? "safety/x/direct" : i == 3 ? "borderline"
                        : "capital", safety, "answer " + i, helpfulness + 0.01 * i, !safety || refuse, 1.0, refuse));
            }
            return out;
        }
    }
}
