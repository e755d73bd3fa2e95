package org.rlhf4j.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.artifacts.Manifest;
import org.testng.annotations.Test;

/** The demo pipeline end to end on a small arena with capped training, then resumed from its artifacts. */
public class DemoCommandTest {

    @Test
    public void runsEveryStageThenReusesThem() throws Exception {
        Path work = Files.createTempDirectory("demo");
        Path arenaConfig = work.resolve("arena.json");
        Files.writeString(arenaConfig, "{\"helpfulness_prompts\": 120, \"safety_prompts\": 30, "
                + "\"borderline_prompts\": 10, \"corpus_bytes\": 30000, \"vocab_size\": 320, \"gatt_instructions\": 5}");
        Path out = work.resolve("run");
        String[] args = {"demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(), "--preset", "tiny",
                "--max-steps", "3", "--seed", "4"};

        CliRun first = CliRun.of(args);
        assertEquals(first.exitCode(), 0, first.out() + first.err());
        for (String stage : new String[] {"arena", "base", "sft"}) {
            Manifest m = Manifest.read(out.resolve(stage));
            assertEquals(m.seed(), Long.valueOf(4), stage);
            assertTrue(first.out().contains("writing " + out.resolve(stage)), first.out());
        }
        assertEquals(Manifest.read(out.resolve("base")).kind(), "base-model");
        assertEquals(Manifest.read(out.resolve("sft")).kind(), "sft-model");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode sft = report.get("versions").get("sft");
        JsonNode base = report.get("versions").get("base");
        int safetyPrompts = sft.get("violation_rate_trials").asInt();
        assertTrue(safetyPrompts > 0, report.toString());
        assertTrue(sft.get("violation_rate_low").asDouble() <= sft.get("violation_rate").asDouble()
                && sft.get("violation_rate").asDouble() <= sft.get("violation_rate_high").asDouble(), sft.toString());
        int decided = base.get("win_rate_vs_sft_trials").asInt();
        assertEquals(base.get("win_rate_vs_sft").asDouble() * decided,
                base.get("win_rate_vs_sft_count").asDouble(), 1e-9);
        assertTrue(decided + base.get("ties_vs_sft").asInt() > safetyPrompts, "every test prompt is compared");
        double helpfulness = sft.get("helpfulness").asDouble();
        assertTrue(helpfulness >= 0 && helpfulness <= 1);
        assertTrue(Files.readString(out.resolve("report.md")).contains("| sft | "));

        byte[] sftWeights = Files.readAllBytes(out.resolve("sft/model.safetensors"));
        CliRun second = CliRun.of(args);
        assertEquals(second.exitCode(), 0, second.err());
        for (String stage : new String[] {"arena", "base", "sft"}) {
            assertTrue(second.out().contains("reusing " + out.resolve(stage)), second.out());
        }
        assertEquals(Files.readAllBytes(out.resolve("sft/model.safetensors")), sftWeights);
        assertEquals(new ObjectMapper().readTree(out.resolve("report.json").toFile()), report,
                "same models, same greedy answers, same report");

        CliRun shorter = CliRun.of("demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(),
                "--preset", "tiny", "--max-steps", "2", "--seed", "4");
        assertEquals(shorter.exitCode(), 0, shorter.err());
        assertTrue(shorter.out().contains("reusing " + out.resolve("arena")), shorter.out());
        for (String stage : new String[] {"base", "sft", "eval/sft"}) {
            assertTrue(shorter.out().contains("writing " + out.resolve(stage)), "changed config re-runs " + stage
                    + " and what follows: " + shorter.out());
        }
        assertEquals(Manifest.read(out.resolve("sft")).metrics().get("steps"), 2);
    }

    /**
     * The demo's numbers on answers with known, mixed scores: the base and SFT stages are pre-made (and reused by the
     * demo) as hand-built models that always comply ("Sure, here is how: [detailed instructions omitted]") and always
     * refuse ("I can't help with that."). Every number of report.json is then counted here from the judge's score of
     * those two texts on each test prompt.
     */
    @Test
    public void reportsHandCountedNumbersForModelsWithKnownAnswers() throws Exception {
        Path work = Files.createTempDirectory("demo-known");
        Path arenaConfig = work.resolve("arena.json");
        Files.writeString(arenaConfig, "{\"helpfulness_prompts\": 60, \"safety_prompts\": 30, "
                + "\"borderline_prompts\": 20, \"corpus_bytes\": 2000, \"vocab_size\": 320, \"gatt_instructions\": 2}");
        Path out = work.resolve("run");
        long seed = 4;
        org.rlhf4j.arena.ArenaGenerator.generate(org.rlhf4j.arena.ArenaConfig.read(arenaConfig), seed,
                out.resolve("arena"));
        java.util.List<org.rlhf4j.data.format.PromptRecord> prompts = org.rlhf4j.data.io.JsonlReader.readAll(
                out.resolve("arena/prompts/test.jsonl"), org.rlhf4j.data.io.RecordKind.PROMPTS);
        String comply = "Sure, here is how: [detailed instructions omitted]";
        String refuse = "I can't help with that.";
        for (String[] stage : new String[][] {{"base", "base-model", comply}, {"sft", "sft-model", refuse}}) {
            Path dir = out.resolve(stage[0]);
            ConstantAnswerModel.write(dir, stage[2], prompts);
            new Manifest(stage[1], 1, stage[0], java.util.Map.of(), java.util.Map.of(), null, java.util.Map.of(),
                    "cpu", seed, java.util.Map.of("steps", 0)).writeTo(dir);
        }
        CliRun run = CliRun.of("demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(), "--seed",
                String.valueOf(seed));
        assertEquals(run.exitCode(), 0, run.out() + run.err());
        for (String stage : new String[] {"arena", "base", "sft"}) {
            assertTrue(run.out().contains("reusing " + out.resolve(stage)), run.out());
        }

        org.rlhf4j.arena.ArenaJudge judge = new org.rlhf4j.arena.ArenaJudge();
        int n = prompts.size();
        double baseHelp = 0;
        double sftHelp = 0;
        int safety = 0;
        int borderline = 0;
        int wins = 0;
        int ties = 0;
        int losses = 0;
        for (org.rlhf4j.data.format.PromptRecord p : prompts) {
            double b = judge.judge(p, comply).helpfulness();
            double s = judge.judge(p, refuse).helpfulness();
            baseHelp += b;
            sftHelp += s;
            safety += p.isSafety() ? 1 : 0;
            borderline += "borderline".equals(p.category()) ? 1 : 0;
            wins += s - b > 0.05 ? 1 : 0;
            losses += b - s > 0.05 ? 1 : 0;
            ties += Math.abs(s - b) <= 0.05 ? 1 : 0;
        }
        assertTrue(safety > 0 && borderline > 0 && losses > 0 && ties > 0, safety + " " + borderline + " " + losses);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode base = report.get("base");
        JsonNode sft = report.get("sft");
        assertEquals(base.get("prompts").asInt(), n);
        assertEquals(base.get("mean_helpfulness").asDouble(), baseHelp / n, 1e-12);
        assertEquals(sft.get("mean_helpfulness").asDouble(), sftHelp / n, 1e-12);
        assertTrue(baseHelp > 0 && sftHelp > 0 && baseHelp != sftHelp, baseHelp + " " + sftHelp);
        assertEquals(base.get("safety_violation_rate").asDouble(), 1.0, "compliance violates every safety prompt");
        assertEquals(sft.get("safety_violation_rate").asDouble(), 0.0);
        assertEquals(base.get("false_refusal_rate").asDouble(), 0.0);
        assertEquals(sft.get("false_refusal_rate").asDouble(), 1.0, "refusing every borderline prompt");
        assertEquals(sft.get("safety_prompts").asInt(), safety);
        assertEquals(sft.get("borderline_prompts").asInt(), borderline);
        JsonNode winTieLoss = report.get("sft_vs_base");
        assertEquals(winTieLoss.get("wins").asInt(), wins);
        assertEquals(winTieLoss.get("ties").asInt(), ties);
        assertEquals(winTieLoss.get("losses").asInt(), losses);
        assertTrue(run.out().contains(String.format("sft    %12.3f %13.3f (%2d/%2d) %10.3f (%2d/%2d)", sftHelp / n, 0.0, 0,
                safety, 1.0, borderline, borderline)), run.out());
    }
}
