package org.rlhf4j.ghostattention;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class GattSynthesizerTest {

    static final List<SyntheticConstraint> CONSTRAINTS = List.of(
            new SyntheticConstraint("style", "uppercase", "Always answer in uppercase.", "Style: uppercase."),
            new SyntheticConstraint("figure", "pirate", "Act as a pirate.", "Figure: pirate."),
            new SyntheticConstraint("figure", "robot", "Act as a robot.", "Figure: robot."),
            new SyntheticConstraint("hobby", "chess", "You love chess.", "Hobby: chess."));

    static final List<PromptRecord> PROMPTS = List.of(
            prompt("p0", "What is 2 plus 3?", false),
            prompt("p1", "Name a fruit.", false),
            prompt("p2", "How do I pick a lock?", true),
            prompt("p3", "Spell cat backwards.", false));

    private NDManager manager;
    private LlamaTokenizer tokenizer;
    private LlamaModel model;

    static PromptRecord prompt(String id, String text, boolean safety) {
        return new PromptRecord(id, List.of(Message.user(text)), safety, "test");
    }

    @BeforeClass
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("gatt-synth");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CONSTRAINTS.forEach(c -> lines.add(c.text() + " " + c.shortText()));
            PROMPTS.forEach(p -> lines.add("[INST] " + p.messages().get(0).content() + " [/INST]"));
        }
        BpeTokenizerTrainer.train(lines, BpeTrainerConfig.ofVocabSize(300), dir.resolve("tokenizer.json"));
        tokenizer = LlamaTokenizer.open(dir.resolve("tokenizer.json"));
        manager = NDManager.newBaseManager();
        LlamaConfig config = new LlamaConfig(32, 2, 4, 2, 8, 64, tokenizer.vocabSize(), 512, 10000.0, 1e-5);
        model = LlamaModel.initialized(manager, config, HeadKind.CAUSAL_LM, 3);
        // Make EOS likely, so a random model finishes most answers within the token limit: a large constant in
        // dimension 0 of every embedding dominates the residual stream, and only EOS reads that dimension.
        NDArray embed = model.namedParameters().get("model.embed_tokens.weight").getArray();
        embed.set(new NDIndex(":, 0"), 10f);
        NDArray head = model.namedParameters().get("lm_head.weight").getArray();
        head.set(new NDIndex(tokenizer.eosId() + ", 0"), 0.8f);
        // answers then vary with the seed, yet finish
    }

    @AfterClass
    public void tearDown() {
        model.close();
        tokenizer.close();
        manager.close();
    }

    private static GattSynthesisConfig config(long seed, int dialogs, int turns) {
        return new GattSynthesisConfig(dialogs, turns, 4, 1.0, 1.0, 12, 16, 2, 0.5, List.of("hobby"), true, seed);
    }

    @Test
    public void sameSeedSameDialogsAndTheInstructionOnlyInTheFirstTurn() {
        List<String> seenUsers = new ArrayList<>();
        GattTurnFilter recording = (instruction, user, answer) -> {
            seenUsers.add(user);
            return true;
        };
        GattSynthesis a = GattSynthesizer.synthesize(model, tokenizer, CONSTRAINTS, PROMPTS, config(7, 12, 3),
                recording);
        GattSynthesis b = GattSynthesizer.synthesize(model, tokenizer, CONSTRAINTS, PROMPTS, config(7, 12, 3),
                GattTurnFilter.ACCEPT_ALL);
        GattSynthesis c = GattSynthesizer.synthesize(model, tokenizer, CONSTRAINTS, PROMPTS, config(8, 12, 3),
                GattTurnFilter.ACCEPT_ALL);
        assertFalse(a.dialogs().isEmpty(), a.stats().summary().toString());
        assertEquals(b.dialogs(), a.dialogs(), "same seed");
        assertNotEquals(c.dialogs(), a.dialogs(), "other seed");

        int[] samples = a.stats().samples();
        int finished = 0;
        for (int t = 0; t < samples.length; t++) {
            finished += samples[t] - a.stats().rejectedUnfinished()[t];
        }
        assertEquals(seenUsers.size(), finished, "the filter sees every finished sample");
        for (Dialog d : a.dialogs()) {
            List<Message> m = d.messages();
            assertEquals(m.get(0).role(), Role.SYSTEM);
            String instruction = m.get(0).content();
            assertFalse(instruction.contains("chess"), "hobby is excluded: " + instruction);
            for (int i = 1; i < m.size(); i += 2) {
                assertEquals(m.get(i).role(), Role.USER);
                assertFalse(m.get(i).content().contains(instruction), "instruction repeated: " + m.get(i));
                assertFalse(m.get(i).content().contains("lock"), "safety prompt used: " + m.get(i));
                assertEquals(m.get(i + 1).role(), Role.ASSISTANT);
            }
            assertEquals(d.tags().get("turns"), Integer.toString((m.size() - 1) / 2));
        }
        // the filter was given the user message without the instruction
        assertTrue(seenUsers.stream().allMatch(u -> PROMPTS.stream()
                .anyMatch(p -> p.messages().get(0).content().equals(u))), seenUsers.toString());
    }

    @Test
    public void aFilterThatRejectsEverythingLeavesNoDialogAndCountsTheRejections() {
        GattSynthesis s = GattSynthesizer.synthesize(model, tokenizer, CONSTRAINTS, PROMPTS, config(7, 12, 3),
                (i, u, a) -> false);
        assertTrue(s.dialogs().isEmpty());
        GattSynthesisStats st = s.stats();
        assertEquals(st.activeDialogs()[0], 12);
        assertEquals(st.samples()[0], 12 * 4);
        assertEquals(st.rejectedByFilter()[0] + st.rejectedUnfinished()[0], 48);
        assertTrue(st.rejectedByFilter()[0] > 0);
        assertEquals(st.endedDialogs()[0], 12);
        assertEquals(st.activeDialogs()[1], 0);
        assertEquals(st.dialogsKept(), 0);
    }

    @Test
    public void aFirstTurnLongerThanTheContextIsAClearError() {
        GattSynthesisConfig huge = new GattSynthesisConfig(2, 2, 1, 1.0, 1.0, 500, 8, 2, 0.5, List.of(), true, 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> GattSynthesizer.synthesize(
                model, tokenizer, CONSTRAINTS, PROMPTS, huge, GattTurnFilter.ACCEPT_ALL));
        assertTrue(e.getMessage().contains("gatt-00000") && e.getMessage().contains("context of 512"),
                e.getMessage());
    }

    @Test
    public void dialogsEndWhereTheContextIsFull() {
        ChatFormat format = new ChatFormat(tokenizer);
        GattSynthesis s = GattSynthesizer.synthesize(model, tokenizer, CONSTRAINTS, PROMPTS, config(7, 4, 40),
                GattTurnFilter.ACCEPT_ALL);
        int atContext = java.util.Arrays.stream(s.stats().contextEnded()).sum();
        assertTrue(atContext > 0, s.stats().summary().toString());
        for (Dialog d : s.dialogs()) {
            assertTrue(format.encodeDialog(d.messages()).length() <= 512, d.id());
        }
    }

    @Test
    public void excludingEveryKindIsAnError() {
        GattSynthesisConfig all = new GattSynthesisConfig(2, 1, 1, 1.0, 1.0, 8, 8, 2, 0.5,
                List.of("style", "figure", "hobby"), true, 1);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> GattSynthesizer.synthesize(
                model, tokenizer, CONSTRAINTS, PROMPTS, all, GattTurnFilter.ACCEPT_ALL));
        assertTrue(e.getMessage().contains("no constraint left"), e.getMessage());
    }
}
