package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.rlhf4j.arena.ArenaGenerator;
import org.rlhf4j.arena.GattConstraint;
import org.rlhf4j.arena.GattInstruction;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.AttentionProbe;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** {@link GattAttention} on a tiny random model and hand-written dialogs, against a direct computation. */
public class GattAttentionTest {

    static final GattInstruction ROBOT = new GattInstruction("r", "Act as a robot: begin every answer with 'Beep!'",
            false, List.of(new GattConstraint("figure", "robot")), List.of("What is 2 plus 3?", "Name a fruit.",
            "Spell cat backwards."));
    static final GattInstruction CHESS = new GattInstruction("c", "Hobby: chess.", true,
            List.of(new GattConstraint("hobby", "chess")), List.of("Name a color.", "What is 4 plus 4?"));

    private NDManager manager;
    private LlamaTokenizer tokenizer;
    private LlamaModel model;
    private Path arena;

    @BeforeClass
    public void setUp() throws Exception {
        arena = Files.createTempDirectory("gatt-attention-arena");
        ArenaGenerator.generate(ChatSamplerTest.SMALL, 3L, arena);
        tokenizer = LlamaTokenizer.open(arena.resolve("tokenizer.json"));
        manager = NDManager.newBaseManager();
        model = LlamaModel.initialized(manager, LlamaConfig.preset("tiny").withVocabSize(tokenizer.vocabSize()),
                HeadKind.CAUSAL_LM, 5);
        for (var p : model.namedParameters().values()) {
            if (p.getArray().getShape().dimension() == 2) {
                p.getArray().muli(manager.create(10f)); // attention far from uniform
            }
        }
    }

    @AfterClass
    public void tearDown() {
        model.close();
        tokenizer.close();
        manager.close();
    }

    @Test
    public void eachTurnsMassOnTheSystemMessageIsTheDirectSum() {
        List<String> answers = List.of("Beep! 5.", "An apple.", "tac");
        ChatFormat format = new ChatFormat(tokenizer);
        double[][][] got = GattAttention.dialog(model, format, ROBOT, answers, 3);

        List<Message> messages = List.of(Message.system(ROBOT.text()), Message.user(ROBOT.userTurns().get(0)),
                Message.assistant(answers.get(0)), Message.user(ROBOT.userTurns().get(1)),
                Message.assistant(answers.get(1)), Message.user(ROBOT.userTurns().get(2)),
                Message.assistant(answers.get(2)));
        ChatTokens tokens = format.encodeDialog(messages);
        int[] span = format.systemSpan(messages);
        assertEquals(tokenizer.decode(java.util.Arrays.copyOfRange(tokens.ids(), span[0], span[1])).strip(),
                ROBOT.text(), "the span decodes to the system message");
        float[][][][] p = AttentionProbe.probabilities(model, tokens.ids());
        int layers = model.config().numLayers();
        int heads = model.config().numHeads();
        assertEquals(got.length, 3);
        boolean nonTrivial = false;
        for (int turn = 0; turn < 3; turn++) {
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    double sum = 0;
                    int queries = 0;
                    for (int q = 0; q < tokens.length(); q++) {
                        if (tokens.turn()[q] != turn || q < span[1]) {
                            continue;
                        }
                        queries++;
                        double row = 0;
                        for (int k = 0; k < tokens.length(); k++) {
                            row += p[l][h][q][k];
                            if (k >= span[0] && k < span[1]) {
                                sum += p[l][h][q][k];
                            }
                        }
                        assertEquals(row, 1.0, 1e-4, "attention row " + q + " sums to 1");
                    }
                    assertEquals(got[turn][l][h], sum / queries, 1e-6, "turn " + (turn + 1) + " layer " + l);
                    nonTrivial |= got[turn][l][h] > 0.01 && got[turn][l][h] < 0.99;
                }
            }
        }
        assertTrue(nonTrivial, "some masses strictly between 0 and 1");
    }

    @Test
    public void measureAveragesDialogsPerGroupAndTurn() throws Exception {
        List<List<String>> answers = List.of(List.of("Beep! 5.", "An apple."), List.of("Red, like chess."));
        List<SystemAttention> results = GattAttention.measure(model, tokenizer, "m", List.of(ROBOT, CHESS), answers, 3,
                Set.of("hobby"));
        assertEquals(results.size(), 3);
        ChatFormat format = new ChatFormat(tokenizer);
        double[][][] robot = GattAttention.dialog(model, format, ROBOT, answers.get(0), 2);
        double[][][] chess = GattAttention.dialog(model, format, CHESS, answers.get(1), 1);
        SystemAttention all = results.get(0);
        assertEquals(all.dialogs(), new int[] {2, 1, 0});
        assertEquals(all.mass()[0][1][2], (robot[0][1][2] + chess[0][1][2]) / 2, 1e-9);
        assertEquals(all.mass()[1][0][0], robot[1][0][0], 1e-9);
        assertTrue(Double.isNaN(all.mass()[2][0][0]));
        SystemAttention heldOut = results.get(2);
        assertEquals(heldOut.group(), "held_out");
        assertEquals(heldOut.dialogs(), new int[] {1, 0, 0});
        assertEquals(heldOut.mass()[0][1][1], chess[0][1][1], 1e-9);

        Path dir = Files.createTempDirectory("gatt-attention");
        GattAttention.writeCsv(dir.resolve(GattAttention.CSV_FILE), results);
        List<String> csv = Files.readAllLines(dir.resolve(GattAttention.CSV_FILE));
        assertEquals(csv.get(0), "model,group,turn,dialogs,layer,head,mass");
        int layers = model.config().numLayers();
        int heads = model.config().numHeads();
        // all: turns 1–2, seen: turns 1–2, held_out: turn 1; per layer `heads` rows and a mean row.
        assertEquals(csv.size() - 1, (2 + 2 + 1) * layers * (heads + 1));
        SystemAttentionPlot.write(dir.resolve(SystemAttentionPlot.FILE_NAME), List.of(all), "test");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve(SystemAttentionPlot.FILE_NAME)), 4);
        assertEquals(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    public void theRetentionEvaluationWritesTheAttentionPicture() throws Exception {
        Path dir = Files.createTempDirectory("gatt-eval");
        Path modelDir = dir.resolve("model");
        model.save(modelDir);
        Files.copy(arena.resolve("tokenizer.json"), modelDir.resolve("tokenizer.json"));
        Path baselineDir = dir.resolve("baseline");
        model.save(baselineDir);
        Files.copy(arena.resolve("tokenizer.json"), baselineDir.resolve("tokenizer.json"));
        Path dialogs = dir.resolve("test.jsonl");
        Files.write(dialogs, Files.readAllLines(arena.resolve("gatt/test.jsonl")).subList(0, 3));
        Path out = dir.resolve("retention");
        GattPipeline.retention(baselineDir, "baseline", modelDir, "gatt", dialogs, Set.of("hobby"),
                new ChatSamplingConfig(0, 1, 6, 8), out);
        List<String> csv = Files.readAllLines(out.resolve(GattAttention.CSV_FILE));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("baseline,all,1,3,1,mean,")), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("gatt,all,1,3,2,4,")), String.join("\n", csv));
        assertTrue(Files.size(out.resolve(SystemAttentionPlot.FILE_NAME)) > 1000);
        String json = Files.readString(out.resolve("retention.json"));
        assertTrue(json.contains("\"system_attention\""), json);
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"gatt_system_attention_turn_1\""), manifest);
    }

    @Test
    public void aLastTurnThatNoLongerFitsTheContextIsLeftOutOfTheProbe() {
        ChatFormat format = new ChatFormat(tokenizer);
        int context = model.config().maxPositions();
        String shortAnswer = "Beep! 5.";
        String longAnswer = "Beep! " + "an apple and a pear ".repeat(200);
        List<String> answers = List.of(shortAnswer, shortAnswer, longAnswer);
        List<Message> two = List.of(Message.system(ROBOT.text()), Message.user(ROBOT.userTurns().get(0)),
                Message.assistant(shortAnswer), Message.user(ROBOT.userTurns().get(1)), Message.assistant(shortAnswer));
        List<Message> three = new java.util.ArrayList<>(two);
        three.add(Message.user(ROBOT.userTurns().get(2)));
        three.add(Message.assistant(longAnswer));
        assertTrue(format.encodeDialog(two).length() <= context, "two turns fit");
        assertTrue(format.encodeDialog(three).length() > context, "the third does not");

        assertEquals(GattAttention.fittingTurns(model, format, ROBOT, answers, 3), 2);
        assertEquals(GattAttention.fittingTurns(model, format, ROBOT, answers, 1), 1);
        List<SystemAttention> results = GattAttention.measure(model, tokenizer, "m", List.of(ROBOT),
                List.of(answers), 3, Set.of());
        SystemAttention all = results.get(0);
        assertEquals(all.dialogs()[1], 1, "turn 2 probed");
        assertEquals(all.dialogs()[2], 0, "turn 3 left out instead of an error");
    }
}
