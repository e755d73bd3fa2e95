package org.rlhf4j.rejectionsampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.rewardmodel.RewardModelScorer;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Safety context distillation: the keep rule, the preprompt, and one run on a tiny policy and Safety RM. */
public class ContextDistillationTest {

    private TinyStage tiny;

    @BeforeClass
    public void setUp() throws Exception {
        tiny = TinyStage.create(320);
    }

    @Test
    public void keepsThePrepromptedAnswerOnlyWhereTheSafetyRmScoresItStrictlyHigher() {
        assertTrue(ContextDistillation.keep("I cannot help with that.", 0.5f, 0.25f));
        assertFalse(ContextDistillation.keep("I cannot help with that.", 0.25f, 0.5f), "plain answer scored higher");
        assertFalse(ContextDistillation.keep("I cannot help with that.", 0.5f, 0.5f), "a tie is no evidence");
        assertTrue(ContextDistillation.keep("ok", -1.0f, -1.5f), "raw logits: higher is safer, sign irrelevant");
        assertFalse(ContextDistillation.keep("   ", 9f, -9f), "a blank answer cannot be a target");
        assertFalse(ContextDistillation.keep("[INST] leaked", 9f, -9f), "chat tags cannot be in a target");
    }

    @Test
    public void prepromptBecomesTheSystemMessage() {
        PromptRecord plain = new PromptRecord("a", List.of(Message.user("How do I pick a lock?")), true, "safety");
        PromptRecord p = ContextDistillation.withPreprompt(plain, "Be safe.");
        assertEquals(p.messages(), List.of(Message.system("Be safe."), Message.user("How do I pick a lock?")));
        assertEquals(p.id(), "a");
        assertTrue(p.isSafety());
        PromptRecord withSystem = new PromptRecord("b", List.of(Message.system("Answer in French."),
                Message.user("Hi")), false, "x");
        assertEquals(ContextDistillation.withPreprompt(withSystem, "Be safe.").messages().get(0),
                Message.system("Be safe.\nAnswer in French."));
    }

    @Test
    public void runKeepsPreferredAnswersWithoutThePrepromptJoinsTheSelectionsAndFineTunes() throws Exception {
        Path dir = Files.createTempDirectory("cd");
        String[] questions = {"How do I pick a lock?", "Spell cat backwards.", "How much is 3 plus 4?",
            "Name a red fruit.", "What is the capital of France?", "How do I pick a red lock?", "Name a fruit.",
            "Spell tac backwards."};
        List<PromptRecord> prompts = new ArrayList<>();
        for (int i = 0; i < questions.length; i++) {
            prompts.add(new PromptRecord("q" + i, List.of(Message.user(questions[i])), i != 3, "tiny"));
        }
        Path promptsFile = dir.resolve("prompts.jsonl");
        JsonlWriter.write(promptsFile, RecordKind.PROMPTS, prompts);
        // q0 already has a selection: it is not distilled; q3 is not adversarial.
        Dialog selection = new Dialog("q0", List.of(Message.user(questions[0]),
                Message.assistant("I cannot help with that, sorry.")), Map.of("source", "rejection-sampling"));
        Path selections = dir.resolve("selections.jsonl");
        JsonlWriter.write(selections, RecordKind.DIALOGS, List.of(selection));
        ContextDistillationConfig config = new ContextDistillationConfig("Be safe.", 0, 10, 3, 0);
        Path out = dir.resolve("out");

        Map<String, Object> metrics = ContextDistillation.run(new ContextDistillation.Inputs(tiny.policy,
                tiny.policy, tiny.safety, promptsFile, selections, config, TinyStage.config(9).fineTune(), out, 3,
                false));

        List<ContextDistillation.Decision> decisions = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve(ContextDistillation.DECISIONS))) {
            decisions.add(json.readValue(line, ContextDistillation.Decision.class));
        }
        assertEquals(decisions.stream().map(ContextDistillation.Decision::id).toList(),
                List.of("q1", "q2", "q4", "q5", "q6", "q7"), "the adversarial prompts without a selection");
        // The Safety RM's scores are of each answer on the prompt without the preprompt.
        try (RewardModelScorer safety = RewardModelScorer.open(tiny.safety)) {
            List<List<Message>> asked = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            for (ContextDistillation.Decision d : decisions) {
                List<Message> messages = prompts.get(Integer.parseInt(d.id().substring(1))).messages();
                asked.add(messages);
                answers.add(d.plain());
                asked.add(messages);
                answers.add(d.preprompted());
            }
            float[] scores = safety.score(asked, answers);
            for (int i = 0; i < decisions.size(); i++) {
                assertEquals(decisions.get(i).plainSafety(), scores[2 * i], 1e-5, decisions.get(i).id());
                assertEquals(decisions.get(i).prepromptedSafety(), scores[2 * i + 1], 1e-5, decisions.get(i).id());
            }
        }
        assertTrue(decisions.stream().anyMatch(d -> !d.plain().equals(d.preprompted())),
                "the preprompt must change what the model is given: " + decisions);
        List<Dialog> targets = JsonlReader.readAll(out.resolve(ContextDistillation.TARGETS), RecordKind.DIALOGS);
        List<String> keptIds = decisions.stream()
                .filter(d -> d.prepromptedSafety() > d.plainSafety() && BestOfK.canBeDemonstration(d.preprompted()))
                .map(ContextDistillation.Decision::id).toList();
        assertEquals(targets.stream().map(Dialog::id).toList(), keptIds);
        for (Dialog t : targets) {
            ContextDistillation.Decision d = decisions.stream().filter(x -> x.id().equals(t.id())).findFirst()
                    .orElseThrow();
            assertTrue(t.messages().stream().noneMatch(m -> m.role() == Role.SYSTEM), "trained without preprompt");
            assertEquals(t.messages().get(t.messages().size() - 1), Message.assistant(d.preprompted()));
        }
        assertEquals(metrics.get("kept"), keptIds.size());
        assertEquals(metrics.get("dropped"), decisions.size() - keptIds.size());
        assertEquals(metrics.get("prompts"), 6);
        List<Dialog> training = JsonlReader.readAll(out.resolve(ContextDistillation.TRAINING_DATA), RecordKind.DIALOGS);
        assertEquals(training.size(), 1 + targets.size());
        assertEquals(training.get(0), selection);
        Manifest m = Manifest.read(out);
        assertEquals(m.kind(), ContextDistillation.KIND);
        assertTrue(Files.isRegularFile(out.resolve(ContextDistillation.MODEL).resolve("model.safetensors")));
        assertNotEquals(Files.readAllBytes(out.resolve("model/model.safetensors")),
                Files.readAllBytes(tiny.policy.resolve("model.safetensors")), "fine-tuned from the SFT model");
    }

    @Test
    public void configRejectsBadValues() {
        expectThrows(IllegalArgumentException.class, () -> new ContextDistillationConfig(" ", 0, 10, 1, 0));
        expectThrows(IllegalArgumentException.class, () -> new ContextDistillationConfig("p", -1, 10, 1, 0));
        expectThrows(IllegalArgumentException.class, () -> new ContextDistillationConfig("p", 0, 0, 1, 0));
        expectThrows(IllegalArgumentException.class, () -> new ContextDistillationConfig("p", 0, 10, 0, 0));
        expectThrows(IllegalArgumentException.class, () -> new ContextDistillationConfig("p", 0, 10, 1, -1));
        assertEquals(ContextDistillationConfig.demo().preprompt(), ContextDistillationConfig.DEFAULT_PREPROMPT);
    }
}
