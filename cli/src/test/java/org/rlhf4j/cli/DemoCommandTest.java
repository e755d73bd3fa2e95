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
        String[] args = {"demo", "--out", out.toString(), "--arena-config", arenaConfig.toString(), "--preset", "demo",
                "--max-steps", "3", "--seed", "4", "--versions", "1"};

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
        for (String figure : new String[] {"rates", "win_tie_loss", "best_of_n", "reward_helpfulness",
            "reward_safety", "self_bleu"}) {
            assertTrue(Files.size(out.resolve(report.get("figures").get(figure).asText())) > 0, figure);
        }
        JsonNode judge = report.get("rm_judge").get("v1").get("helpfulness_rm");
        assertEquals(judge.get("wins").asInt() + judge.get("ties").asInt() + judge.get("losses").asInt(),
                decided + base.get("ties_vs_sft").asInt(), "the RM judge compares every test prompt");
        assertEquals(report.get("best_of_n").get("v1").get("expected_max").size(),
                report.get("best_of_n").get("v1").get("n").size());
        assertTrue(report.get("diversity").size() > 0, report.toString());
        JsonNode distillation = report.get("distillation");
        assertEquals(distillation.get("student_preset").asText(), "tiny", report.toString());
        assertEquals(distillation.get("win_rate_vs_student_sft_trials").asInt()
                + distillation.get("ties_vs_student_sft").asInt(), decided + base.get("ties_vs_sft").asInt(),
                "the distilled student answers every test prompt against its own SFT");

        CliRun status = CliRun.of("pipeline", "status", "--out", out.toString());
        assertEquals(status.exitCode(), 0, status.err());
        assertTrue(status.out().matches("(?s).*\\nv1/rs +done .*"), status.out());
        assertTrue(status.out().matches("(?s).*\\nv2/preferences +pending .*"), "the default schedule has five "
                + "versions, this run one: " + status.out());

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
                "--preset", "demo", "--max-steps", "2", "--seed", "4", "--versions", "1");
        assertEquals(shorter.exitCode(), 0, shorter.err());
        assertTrue(shorter.out().contains("reusing " + out.resolve("arena")), shorter.out());
        for (String stage : new String[] {"base", "sft", "eval/sft"}) {
            assertTrue(shorter.out().contains("writing " + out.resolve(stage)), "changed config re-runs " + stage
                    + " and what follows: " + shorter.out());
        }
        assertEquals(Manifest.read(out.resolve("sft")).metrics().get("steps"), 2);
    }
}
