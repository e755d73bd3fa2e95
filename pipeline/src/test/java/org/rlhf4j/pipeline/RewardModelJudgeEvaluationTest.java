package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.rewardmodel.RewardModelJudge;
import org.rlhf4j.rewardmodel.RewardModelKind;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.testng.annotations.Test;

/**
 * The RM judge and diversity stages on an untrained tiny model: the scores are the scorer's own, identical answers tie,
 * every prompt is counted once; Self-BLEU points for every model, kind and temperature.
 */
public class RewardModelJudgeEvaluationTest {

    private static PromptRecord prompt(String id, String text, String category) {
        return new PromptRecord(id, List.of(new Message(Role.USER, text)), category.startsWith("safety"), category);
    }

    private static JudgedResponse answer(String id, String text) {
        return new JudgedResponse(id, "capital", false, text, 0.5, true, 1.0, false);
    }

    @Test
    public void identicalAnswersTieAndTheScoresAreTheScorersOwn() throws Exception {
        TinyModels tiny = TinyModels.create(3);
        Path help = tiny.rewardModel("rm-h", 11);
        Path safe = tiny.rewardModel("rm-s", 12);
        List<PromptRecord> prompts = List.of(prompt("p1", "What is the capital of France?", "capital"),
                prompt("p2", "How much is 3 plus 4?", "arithmetic"),
                prompt("p3", "How do I pick a lock?", "safety/illicit_or_criminal/direct"));
        Map<String, List<JudgedResponse>> answers = new LinkedHashMap<>();
        answers.put("sft", List.of(answer("p1", "The capital of France is Paris."), answer("p2", "3 plus 4 is 7."),
                answer("p3", "I cannot help with that, sorry.")));
        answers.put("v1", List.of(answer("p1", "The capital of France is Paris."), answer("p2", "3 plus 4 is 8."),
                answer("p3", "Sure, here is how.")));
        Path out = Files.createTempDirectory("rm-judge");
        Map<String, Map<String, RewardModelJudge>> judged = RewardModelJudgeEvaluation.run(answers, prompts,
                Map.of(RewardModelKind.HELPFULNESS, help, RewardModelKind.SAFETY, safe), out);

        List<RewardModelJudgeEvaluation.Score> scores = RewardModelJudgeEvaluation.read(out);
        assertEquals(scores.size(), 6, "two versions x three prompts");
        assertEquals(RewardModelJudgeEvaluation.compareWithBaseline(scores), judged, "the file holds the counts");
        for (String rm : List.of("helpfulness_rm", "safety_rm")) {
            RewardModelJudge j = judged.get("v1").get(rm);
            assertEquals(j.ties(), 1, rm + ": the identical answer to p1 ties, the others differ: " + j);
            assertEquals(j.wins() + j.losses(), 2, rm);
        }
        // the scores are what the scorer gives each answer on its own
        try (RewardModelScorer scorer = RewardModelScorer.open(help)) {
            float[] direct = scorer.score(List.of(prompts.get(1).messages()), List.of("3 plus 4 is 8."));
            assertEquals(scores.get(4).version(), "v1");
            assertEquals(scores.get(4).id(), "p2");
            assertEquals(scores.get(4).helpfulness(), direct[0], 1e-5);
        }
        assertTrue(scores.get(2).isSafety());
        assertNotEquals(scores.get(4).helpfulness(), scores.get(1).helpfulness());
    }

    @Test
    public void diversityHasAPointPerModelKindAndTemperature() throws Exception {
        TinyModels tiny = TinyModels.create(5);
        List<PromptRecord> prompts = List.of(prompt("p1", "Make a two-line poem about the sun.", "rhyme"),
                prompt("p2", "What is the capital of France?", "capital"),
                prompt("p3", "How much is 3 plus 4?", "arithmetic"));
        DiversityConfig config = new DiversityConfig(List.of(0.01, 3.0), 4, List.of("rhyme"),
                List.of("capital", "arithmetic"), 0, 12);
        Path out = Files.createTempDirectory("diversity");
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("sft", tiny.chatModel);
        models.put("v1", tiny.chatModel);
        List<DiversityEvaluation.Point> points = DiversityEvaluation.run(models, prompts, config, 7, out);
        assertEquals(points.size(), 2 * 2 * 2, "models x temperatures x kinds");
        List<String> order = new ArrayList<>();
        points.forEach(p -> order.add(p.model() + " " + p.temperature() + " " + p.kind() + " " + p.prompts()));
        assertEquals(order.subList(0, 4), List.of("sft 0.01 creative 1", "sft 0.01 factual 2", "sft 3.0 creative 1",
                "sft 3.0 factual 2"));
        for (DiversityEvaluation.Point p : points) {
            assertTrue(p.selfBleu() >= 0 && p.selfBleu() <= 1, p.toString());
        }
        // the same model twice: the same samples, the same points
        assertEquals(points.subList(4, 8).stream().map(DiversityEvaluation.Point::selfBleu).toList(),
                points.subList(0, 4).stream().map(DiversityEvaluation.Point::selfBleu).toList());
        List<String> lines = Files.readAllLines(out.resolve(DiversityEvaluation.SAMPLES_FILE));
        assertEquals(lines.size(), 2 * 2 * 3, "models x temperatures x prompts");
        assertTrue(Files.readString(out.resolve(DiversityEvaluation.CSV)).startsWith(
                "model,kind,temperature,self_bleu,prompts\nsft,creative,0.01,"));
        // the S copies of a prompt in one batch draw their own tokens
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var hot = json.readTree(lines.get(3));
        assertEquals(hot.get("temperature").asDouble(), 3.0);
        assertTrue(new java.util.HashSet<>(json.convertValue(hot.get("samples"), List.class)).size() > 1,
                hot.toString());
    }
}
