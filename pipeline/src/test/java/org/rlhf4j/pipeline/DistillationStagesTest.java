package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rlhf4j.rejectionsampling.ContextDistillation;
import org.rlhf4j.rejectionsampling.RejectionSampling;
import org.rlhf4j.rejectionsampling.RejectionSamplingConfig;
import org.testng.annotations.Test;

/**
 * The student's distillation and safety context distillation as stages: config validation, where they sit in the
 * schedule when switched on (and that they are absent when off), and one tiny run of the recipe with both.
 */
public class DistillationStagesTest {

    private static PipelineConfig read(String yaml) throws Exception {
        Path file = Files.createTempFile("schedule", ".yaml");
        Files.writeString(file, yaml);
        return PipelineConfig.read(file);
    }

    private static Map<String, Stage> schedule(PipelineConfig config) {
        return Recipe.schedule(config, Path.of("/tmp/unused-run")).stream()
                .collect(Collectors.toMap(Stage::name, Function.identity(), (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    @Test
    public void demoHasContextDistillationInV5AndTheTinyStudentDistilledOnV5() throws Exception {
        PipelineConfig demo = PipelineConfig.demo();
        assertEquals(demo.studentPreset(), "tiny");
        assertEquals(demo.studentSelectionsVersion(), 5);
        assertEquals(demo.contextDistillationVersion(), 5);
        Map<String, Stage> stages = schedule(demo);
        for (String name : List.of("student/base", "student/sft", "student/distilled", "eval/student_sft",
                "eval/student_distilled")) {
            assertTrue(stages.containsKey(name), name + " in " + stages.keySet());
        }
        assertEquals(stages.keySet().stream().filter(n -> n.contains("context-distil")).toList(),
                List.of("v5/context-distillation"));

        Map<String, Stage> off = schedule(read("context_distillation_version: 0\n"));
        assertTrue(off.keySet().stream().noneMatch(n -> n.contains("context-distil") || n.endsWith("_no_cd")),
                off.keySet().toString());
        assertEquals(off.get("v5/ppo").upstream().get(1), "v5/rs");
        // A schedule over the demo's with fewer versions never reaches V5: no context distillation.
        Map<String, Stage> short3 = schedule(read("versions: 3\nppo_version: 3\n"));
        assertTrue(short3.keySet().stream().noneMatch(n -> n.contains("context-distil")), short3.keySet().toString());
        assertEquals(PipelineConfig.demo().withDemoOptions("demo", demo.arena(), 1).contextDistillationVersion(), 0);
    }

    @Test
    public void studentStagesFollowTheTeachersSelections() throws Exception {
        PipelineConfig config = read("student_preset: tiny\n");
        assertEquals(config.studentSelectionsVersion(), 5, "default: the last version's selections");
        Map<String, Stage> stages = schedule(config);
        List<String> names = List.copyOf(stages.keySet());
        assertEquals(stages.get("student/base").upstream(), List.of("arena"));
        assertEquals(stages.get("student/sft").upstream(), List.of("arena", "student/base"));
        assertEquals(stages.get("student/distilled").upstream(), List.of("student/sft", "v5/rs"));
        assertEquals(((Map<?, ?>) stages.get("student/base").config()).get("preset"), "tiny");
        assertEquals(stages.get("eval/student_sft").upstream(), List.of("arena", "student/sft"));
        assertEquals(stages.get("eval/student_distilled").upstream(), List.of("arena", "student/distilled"));
        assertTrue(names.indexOf("student/distilled") > names.indexOf("v5/rs"));
        assertTrue(names.indexOf("student/sft") > names.indexOf("student/base"));

        PipelineConfig v2 = read("student_preset: tiny\nstudent_version: 2\n");
        assertEquals(schedule(v2).get("student/distilled").upstream(), List.of("student/sft", "v2/rs"));
    }

    @Test
    public void contextDistillationFollowsItsVersionsRejectionSampling() throws Exception {
        Map<String, Stage> stages = schedule(read("context_distillation_version: 5\n"));
        Stage cd = stages.get("v5/context-distillation");
        assertEquals(cd.upstream(), List.of("arena", "sft", "v5/rs", "v5/rm-safety"));
        assertEquals(stages.get("v5/ppo").upstream().get(1), "v5/context-distillation", "PPO starts from it");
        assertEquals(stages.get("eval/v5_no_cd").upstream(), List.of("arena", "v5/rs"));
        assertEquals(stages.get("eval/v5_no_ppo").upstream(), List.of("arena", "v5/context-distillation"));
        assertFalse(stages.containsKey("v4/context-distillation"));

        Map<String, Stage> v2 = schedule(read("context_distillation_version: 2\n"));
        assertEquals(v2.get("eval/v2").upstream(), List.of("arena", "v2/context-distillation"));
        assertEquals(v2.get("v3/preferences").upstream(), List.of("arena", "v2/context-distillation"),
                "the next version samples from the distilled model");
    }

    @Test
    public void rejectsStudentsThatAreNotSmallerAndVersionsOutsideTheSchedule() throws Exception {
        assertTrue(expectThrows(IllegalArgumentException.class, () -> read("student_preset: demo\n")).getMessage()
                .contains("smaller"));
        assertTrue(expectThrows(IllegalArgumentException.class, () -> read("student_preset: nano\n")).getMessage()
                .contains("student_preset"));
        expectThrows(IllegalArgumentException.class, () -> read("student_preset: tiny\nversions: 0\nppo_version: 0\n"));
        expectThrows(IllegalArgumentException.class, () -> read("student_version: 6\n"));
        expectThrows(IllegalArgumentException.class, () -> read("context_distillation_version: -1\n"));
        // The demo command's options drop a student that is no longer smaller than the base.
        assertNull(PipelineConfig.demo().withDemoOptions("tiny", PipelineConfig.demo().arena(), 1).studentPreset());
        // A schedule file: the demo's student stays a default where it fits the file's base, and a student the
        // file names is checked as given.
        assertEquals(read("seed: 3\n").studentPreset(), "tiny");
        assertNull(read("base_preset: tiny\n").studentPreset(), "no student smaller than a tiny base");
        assertNull(read("student_preset: null\n").studentPreset());
        assertTrue(expectThrows(IllegalArgumentException.class, () -> read("base_preset: tiny\nstudent_preset: tiny\n"))
                .getMessage().contains("student_preset"));
        assertEquals(PipelineConfig.demo().withDemoOptions("demo", PipelineConfig.demo().arena(), 1).studentPreset(),
                "tiny");
    }

    @Test
    public void tinyRunReportsTheStudentAndTheContextDistilledVersion() throws Exception {
        PipelineConfig config = read("""
                base_preset: demo
                student_preset: tiny
                max_steps: 3
                versions: 1
                ppo_version: 0
                context_distillation_version: 1
                preference_prompts: 40
                rs_prompts: 16
                gatt: false
                arena: {helpfulness_prompts: 120, safety_prompts: 30, borderline_prompts: 10, corpus_bytes: 30000,
                        vocab_size: 320, gatt_instructions: 5}
                pretraining: {training: {progress_bar: false}}
                sft: {training: {progress_bar: false}}
                rejection_sampling: {temperatures: [0.7], fine_tune: {training: {progress_bar: false}}}
                context_distillation: {prompts: 12}
                """);
        Path run = Files.createTempDirectory("distillation-run");
        StringWriter console = new StringWriter();
        Recipe.run(config, run, new PrintWriter(console));

        JsonNode report = new ObjectMapper().readTree(run.resolve(RecipeReport.JSON_FILE).toFile());
        JsonNode versions = report.get("versions");
        for (String v : new String[] {"sft", "v1_no_cd", "v1", "student_sft", "student_distilled"}) {
            assertTrue(versions.has(v), v + " missing: " + versions);
        }
        long testPrompts = Files.readAllLines(run.resolve("arena/prompts/test.jsonl")).stream()
                .filter(l -> !l.isBlank()).count();
        JsonNode d = report.get("distillation");
        assertEquals(d.get("student_preset").asText(), "tiny");
        assertEquals(d.get("teacher_selections").asText(), "v1");
        int decided = d.get("win_rate_vs_student_sft_trials").asInt();
        assertEquals(decided, d.get("win_rate_vs_student_sft_count").asInt() + d.get("losses_vs_student_sft").asInt());
        assertEquals(decided + d.get("ties_vs_student_sft").asInt(), testPrompts, "every test prompt compared");
        assertTrue(Files.readString(run.resolve(RecipeReport.MARKDOWN_FILE)).contains("Distillation into a smaller"));

        JsonNode teacher = new ObjectMapper().readTree(run.resolve("base/config.json").toFile());
        JsonNode student = new ObjectMapper().readTree(run.resolve("student/base/config.json").toFile());
        assertEquals(teacher.get("num_hidden_layers").asInt(), 4);
        assertEquals(student.get("num_hidden_layers").asInt(), 2);
        assertEquals(student.get("vocab_size"), teacher.get("vocab_size"), "the arena's tokenizer for both");
        assertNotEquals(Files.readAllBytes(run.resolve("student/distilled/model.safetensors")),
                Files.readAllBytes(run.resolve("student/sft/model.safetensors")));

        StageRecord cd = StageRecord.read(run.resolve("v1/context-distillation"));
        int prompts = ((Number) cd.metrics().get("prompts")).intValue();
        int kept = ((Number) cd.metrics().get("kept")).intValue();
        assertTrue(prompts > 0 && prompts <= 12, cd.metrics().toString());
        assertEquals(kept + ((Number) cd.metrics().get("dropped")).intValue(), prompts);
        Path dir = run.resolve("v1/context-distillation");
        assertEquals(Files.readAllLines(dir.resolve(ContextDistillation.DECISIONS)).size(), prompts);
        assertEquals(Files.readAllLines(dir.resolve(ContextDistillation.TARGETS)).size(), kept);
        // The version's fine-tuning data: its selections, then the replayed SFT demonstrations (sft_replay).
        int selected = Files.readAllLines(run.resolve("v1/rs/selections.jsonl")).size();
        int fineTune = Files.readAllLines(run.resolve("v1/rs").resolve(RejectionSampling.FINE_TUNE_DATA)).size();
        int replayed = ((Number) StageRecord.read(run.resolve("v1/rs")).metrics().get("replayed_demonstrations"))
                .intValue();
        assertEquals(fineTune, selected + replayed);
        assertEquals(replayed, Math.min(Math.round(selected * RejectionSamplingConfig.demo().sftReplay()),
                Files.readAllLines(run.resolve("arena/sft.jsonl")).size()));
        assertEquals(Files.readAllLines(dir.resolve(ContextDistillation.TRAINING_DATA)).size(), fineTune + kept);
        assertTrue(report.get("stages").has("student/distilled"), report.get("stages").toString());
    }
}
