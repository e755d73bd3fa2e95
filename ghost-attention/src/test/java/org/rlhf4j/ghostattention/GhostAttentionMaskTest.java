package org.rlhf4j.ghostattention;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.packing.OverflowPolicy;
import org.rlhf4j.data.packing.PackedRow;
import org.rlhf4j.data.packing.PackingConfig;
import org.rlhf4j.data.packing.SequencePacker;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class GhostAttentionMaskTest {

    /** A hand-built three-turn GAtt dialog in training form: the instruction only as the first turn's system. */
    static final Dialog THREE_TURNS = new Dialog("g", List.of(
            Message.system("Figure: pirate."),
            Message.user("What is 2 plus 3?"),
            Message.assistant("Arr! 5."),
            Message.user("Name a fruit."),
            Message.assistant("Arr! An apple."),
            Message.user("Spell cat backwards."),
            Message.assistant("Arr! tac.")), Map.of("source", "test"));

    private LlamaTokenizer tokenizer;

    @BeforeClass
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("gatt-mask");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (Message m : THREE_TURNS.messages()) {
                lines.add("[INST] " + m.content() + " [/INST]");
            }
        }
        BpeTokenizerTrainer.train(lines, BpeTrainerConfig.ofVocabSize(320), dir.resolve("tokenizer.json"));
        tokenizer = LlamaTokenizer.open(dir.resolve("tokenizer.json"));
    }

    @AfterClass
    public void tearDown() {
        tokenizer.close();
    }

    @Test
    public void onlyTheLastAnswerOfAThreeTurnDialogIsTrained() {
        ChatTokens tokens = new ChatFormat(tokenizer).encodeDialog(THREE_TURNS.messages());
        int[] mask = GhostAttentionMask.lossMask(tokens);

        // Hand-computed: the last exchange is BOS + encode("[INST] Spell cat backwards. [/INST] Arr! tac. ") + EOS;
        // its answer part is what follows the encoded prompt, then the EOS.
        int[] lastExchange = tokenizer.encode("[INST] Spell cat backwards. [/INST] Arr! tac. ");
        int[] lastPrompt = tokenizer.encode("[INST] Spell cat backwards. [/INST]");
        int answerTokens = lastExchange.length - lastPrompt.length + 1; // + EOS
        int[] expected = new int[tokens.length()];
        Arrays.fill(expected, tokens.length() - answerTokens, tokens.length(), 1);
        assertEquals(mask, expected);

        int[] trained = new int[answerTokens - 1];
        System.arraycopy(tokens.ids(), tokens.length() - answerTokens, trained, 0, trained.length);
        assertEquals(tokenizer.decode(trained).strip(), "Arr! tac.");
        assertEquals(tokens.ids()[tokens.length() - 1], tokenizer.eosId());
        // the earlier answers are assistant tokens, yet untrained
        int earlierAnswers = 0;
        for (int t = 0; t < tokens.length() - answerTokens; t++) {
            earlierAnswers += tokens.assistant()[t] ? 1 : 0;
        }
        assertTrue(earlierAnswers >= 4, "earlier answers: " + earlierAnswers);

        // the SFT trainer's packer under LOSS_ON masks exactly the same tokens
        PackingConfig packing = new PackingConfig(256, 0, OverflowPolicy.DROP, GhostAttentionMask.LOSS_ON);
        PackedRow row = new SequencePacker(packing, tokenizer.eosId()).pack(List.of(tokens)).rows().get(0);
        assertEquals(Arrays.copyOf(row.lossMask(), tokens.length()), mask);
        assertEquals(Arrays.stream(row.lossMask()).sum(), answerTokens);
    }

    @Test
    public void everyTurnGivesOneRowPerAnswerEachStartingWithTheInstruction() {
        List<Dialog> rows = GhostAttentionMask.trainingRows(List.of(THREE_TURNS), true);
        assertEquals(rows.size(), 3);
        for (int n = 1; n <= 3; n++) {
            Dialog r = rows.get(n - 1);
            assertEquals(r.id(), "g-t" + n);
            assertEquals(r.messages(), THREE_TURNS.messages().subList(0, 1 + 2 * n));
            assertEquals(r.tags().get("trained_turn"), Integer.toString(n));
        }
        assertEquals(GhostAttentionMask.trainingRows(List.of(THREE_TURNS), false), List.of(THREE_TURNS));
    }

    @Test
    public void aDialogWithoutTheSystemInstructionIsRefused() {
        Dialog noSystem = new Dialog("x", THREE_TURNS.messages().subList(1, 7), Map.of());
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> GhostAttentionMask.trainingRows(List.of(noSystem), true));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("system"), e.getMessage());
    }
}
