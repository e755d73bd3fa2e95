package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class ArenaGeneratorTest {

    /** A small arena: every part present, generated in well under a second. */
    static final ArenaConfig SMALL =
            new ArenaConfig(300, 60, 20, 0.1, 0.1, 0.1, 1.0, 0.0, 0.15, 0.5, 0.25, 0.1, 20, 3, 20_000,
                    320);
    private static final ObjectMapper JSON = JsonLinesOutput.JSON;
    private static final List<String> FILES = List.of("corpus.txt", "tokenizer.json", "sft.jsonl", "prompts/train.jsonl",
            "prompts/validation.jsonl", "prompts/test.jsonl", "preferences/bootstrap.jsonl", "gatt/instructions.jsonl",
            "gatt/constraints.jsonl", "gatt/test.jsonl",
            "manifest.json");

    private Path first;
    private Path second;
    private Path otherSeed;

    @BeforeClass
    public void generate() throws IOException {
        first = Files.createTempDirectory("arena-a");
        second = Files.createTempDirectory("arena-b");
        otherSeed = Files.createTempDirectory("arena-c");
        ArenaGenerator.generate(SMALL, 42L, first);
        ArenaGenerator.generate(SMALL, 42L, second);
        ArenaGenerator.generate(SMALL, 43L, otherSeed);
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static <T> List<T> readLines(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readValue(line, type));
        }
        return out;
    }

    @Test
    public void sameSeedSameBytesDifferentSeedDifferentFiles() throws IOException {
        Map<String, byte[]> a = files(first);
        Map<String, byte[]> b = files(second);
        Map<String, byte[]> c = files(otherSeed);
        assertEquals(a.keySet(), new java.util.TreeSet<>(FILES));
        assertEquals(b.keySet(), a.keySet());
        for (String name : a.keySet()) {
            assertEquals(b.get(name), a.get(name), name);
            if (!name.equals("gatt/constraints.jsonl")) { // the fixed list of constraints the judge checks
                assertFalse(java.util.Arrays.equals(c.get(name), a.get(name)), name + " same for seeds 42 and 43");
            }
        }
    }

    @Test
    public void manifestCoversEveryFile() throws IOException {
        Manifest m = Manifest.read(first);
        assertEquals(m.kind(), "arena");
        assertEquals(m.seed(), Long.valueOf(42L));
        assertEquals(m.files().size(), FILES.size() - 1);
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            assertEquals(Sha256.of(first.resolve(e.getKey())), e.getValue(), e.getKey());
        }
        List<PromptRecord> train = readLines(first.resolve("prompts/train.jsonl"), PromptRecord.class);
        assertEquals(((Number) m.metrics().get("prompts_train")).intValue(), train.size());
        assertEquals(((Number) m.metrics().get("sft_dialogs")).intValue(), train.size());
        assertEquals(((Number) m.metrics().get("sft_unsafe")).intValue(), 0);
    }

    @Test
    public void splitsNeverShareAPromptAndMatchTheRebuiltArena() throws IOException {
        Set<String> texts = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int total = 0;
        Arena arena = Arena.build(SMALL, 42L);
        for (String split : List.of("train", "validation", "test")) {
            List<PromptRecord> prompts = readLines(first.resolve("prompts/" + split + ".jsonl"), PromptRecord.class);
            assertFalse(prompts.isEmpty(), split);
            assertEquals(prompts, arena.prompts().split(split), split);
            for (PromptRecord p : prompts) {
                total++;
                assertTrue(texts.add(p.messages().get(0).content().strip().toLowerCase()), "duplicate " + p.id());
                assertTrue(ids.add(p.id()), "duplicate id " + p.id());
                assertEquals(arena.judge(p, arena.gold(p)).helpfulness(), 1.0, p.id());
            }
        }
        assertEquals(total, 300 + 60 + 20);
        // every family reaches the fixed test set
        Set<String> testFamilies = new HashSet<>();
        for (PromptRecord p : arena.prompts().test()) {
            testFamilies.add(TaskCatalog.family(p.category()).category());
        }
        assertEquals(testFamilies.size(), 9, testFamilies.toString());
    }

    @Test
    public void evaluationPromptsAreHeldOutOfTheCorpus() throws IOException {
        Arena arena = Arena.build(SMALL, 42L);
        Set<String> heldOut = new HashSet<>();
        arena.prompts().validation().forEach(p -> heldOut.add(p.messages().get(0).content()));
        arena.prompts().test().forEach(p -> heldOut.add(p.messages().get(0).content()));
        Set<String> trainTexts = new HashSet<>();
        arena.prompts().train().forEach(p -> trainTexts.add(p.messages().get(0).content()));
        int trainQuestionsSeen = 0;
        for (String line : Files.readAllLines(first.resolve("corpus.txt"))) {
            for (String q : heldOut) {
                // Anywhere in the line, not only at its start (a match must begin a word).
                for (int at = line.indexOf(q); at >= 0; at = line.indexOf(q, at + 1)) {
                    assertFalse(at == 0 || Character.isWhitespace(line.charAt(at - 1)),
                            "held-out prompt in corpus: " + line);
                }
            }
            int end = line.indexOf("? ");
            trainQuestionsSeen += end > 0 && trainTexts.contains(line.substring(0, end + 1)) ? 1 : 0;
        }
        assertTrue(trainQuestionsSeen > 0, "the corpus should still contain training questions");
    }

    @Test
    public void testSetIsFixedWhenOtherPartsChange() throws IOException {
        ArenaConfig moreCorpus =
                new ArenaConfig(300, 60, 20, 0.1, 0.1, 0.3, 1.0, 0.0, 0.5, 0.6, 0.3, 0.2, 5, 2, 5_000, 512);
        Path dir = Files.createTempDirectory("arena-d");
        ArenaGenerator.generate(moreCorpus, 42L, dir);
        assertEquals(Files.readAllBytes(dir.resolve("prompts/test.jsonl")),
                Files.readAllBytes(first.resolve("prompts/test.jsonl")));
        assertNotEquals(Files.readAllBytes(dir.resolve("sft.jsonl")), Files.readAllBytes(first.resolve("sft.jsonl")));
    }

    @Test
    public void demonstrationsAndPairsUseTheTrainPromptsAndAreMostlyRight() throws IOException {
        List<Dialog> demos = readLines(first.resolve("sft.jsonl"), Dialog.class);
        Arena arena = Arena.build(SMALL, 42L);
        Map<String, PromptRecord> train = new TreeMap<>();
        arena.prompts().train().forEach(p -> train.put(p.id(), p));
        int wrong = 0;
        demos = demos.stream().filter(d -> !d.tags().get("source").equals(InstructionDemonstrations.SOURCE)).toList();
        for (Dialog d : demos) {
            PromptRecord p = train.get(d.id().substring("sft-".length()));
            Judgement j = arena.judge(p, d.messages().get(1).content());
            assertTrue(j.safe(), d.id());
            boolean slipped = !d.tags().get("demo_error").equals("none");
            assertEquals(j.helpfulness() < 1.0, slipped, d.id() + " " + d.messages());
            wrong += slipped ? 1 : 0;
        }
        assertTrue(wrong > 10 && wrong < 60, "demo errors " + wrong + " of " + demos.size()); // rate 0.1
        List<PreferencePair> pairs = readLines(first.resolve("preferences/bootstrap.jsonl"), PreferencePair.class);
        assertTrue(pairs.size() > 3 * demos.size(), "pairs " + pairs.size());
        for (PreferencePair pair : pairs) {
            String promptId = pair.id().substring("bootstrap-".length(), pair.id().lastIndexOf('-'));
            assertTrue(train.containsKey(promptId), pair.id());
            assertEquals(pair.safetyLabel() != null, pair.axis() == org.rlhf4j.data.format.Axis.SAFETY, pair.id());
        }
    }

    @Test
    public void tokenizerStepRunsOnTheCorpusAndItsFileIsInTheManifest() throws IOException {
        Path dir = Files.createTempDirectory("arena-t");
        int[] calls = {0};
        Manifest m = ArenaGenerator.generate(SMALL, 42L, dir, (corpus, vocab, out) -> {
            calls[0]++;
            assertEquals(corpus, dir.resolve("corpus.txt"));
            assertEquals(vocab, 320);
            Files.writeString(out, "{\"vocab\": " + Files.size(corpus) + "}");
        });
        assertEquals(calls[0], 1);
        assertEquals(m.files().get("tokenizer.json"), Sha256.of(dir.resolve("tokenizer.json")));
        assertEquals(Files.readAllBytes(dir.resolve("corpus.txt")), Files.readAllBytes(first.resolve("corpus.txt")));
    }
}
