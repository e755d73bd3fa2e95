package org.rlhf4j.data.tokenizer;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.testng.annotations.Test;

/** Hand-computed merges on tiny corpora, word splitting, piece rules and config validation. */
public class BpeMergeOrderTest {

    private static final String B = LlamaPieces.WORD_BOUNDARY;

    private static List<String> learned(BpeModel model) {
        return model.pieces().subList(LlamaPieces.FIRST_LEARNED_ID, model.pieces().size());
    }

    @Test
    public void mergesMostFrequentPairFirstWithTiesToSmallerIds() {
        // Words: "▁ab" x3, "▁abc" x1. Characters: a=4, b=4, ▁=4, c=1 -> ids a=259, b=260, ▁=261, c=262
        // (ties by code point). Pairs: (▁,a)=4, (a,b)=4, (b,c)=1: the tie goes to the smaller left id, a.
        // Then (▁,ab)=4, then (▁ab,c)=1.
        BpeModel model = BpeTokenizerTrainer.learn(List.of("ab ab ab", "abc"),
                new BpeTrainerConfig(266, 1.0, 1, 16));
        assertEquals(learned(model), List.of("a", "b", B, "c", "ab", B + "ab", B + "abc"));
        assertEquals(model.merges(), List.of(new BpeModel.Merge(259, 260, 263), new BpeModel.Merge(261, 263, 264),
                new BpeModel.Merge(264, 262, 265)));
    }

    @Test
    public void stopsWhenNoPairReachesMinFrequency() {
        BpeModel model = BpeTokenizerTrainer.learn(List.of("ab ab ab", "abc"),
                new BpeTrainerConfig(1000, 1.0, 2, 16));
        assertEquals(learned(model), List.of("a", "b", B, "c", "ab", B + "ab"));
    }

    @Test
    public void coverageLeavesRareCharactersToBytes() {
        // 2000 'a', 2 '▁' (one per line), 1 'z': a covers 2000/2003 < 0.999, a and ▁ cover 2002/2003 >= 0.999.
        BpeModel model = BpeTokenizerTrainer.learn(List.of("a".repeat(2000), "z"),
                new BpeTrainerConfig(261, 0.999, 2, 16));
        assertEquals(learned(model), List.of("a", B));
    }

    @Test
    public void respectsMaxPieceLengthAndReservedPieces() {
        BpeModel model = BpeTokenizerTrainer.learn(List.of("<s> <s> <s> </s> </s>", "aaaaaaaa aaaaaaaa"),
                new BpeTrainerConfig(400, 1.0, 1, 3));
        for (String piece : learned(model)) {
            assertTrue(piece.length() <= 3, piece);
            assertFalse(LlamaPieces.reservedPieces().contains(piece), piece);
        }
    }

    @Test
    public void splitsWordsLikeSentencePiece() {
        assertEquals(WordCounts.normalize("a  b"), B + "a" + B + B + "b");
        assertEquals(WordCounts.normalize(""), "");
        assertEquals(WordCounts.splitWords(WordCounts.normalize("hi   there x12y")),
                List.of(B + "hi", B + B + B + "there", B + "x", "1", "2", "y"));
        assertEquals(WordCounts.splitWords(WordCounts.normalize(" ")), List.of(B + B));
    }

    @Test
    public void pieceRule() {
        assertTrue(BpeTokenizerTrainer.isValidPiece(B + "ab"));
        assertTrue(BpeTokenizerTrainer.isValidPiece(B + B + B));
        assertTrue(BpeTokenizerTrainer.isValidPiece("ab"));
        assertFalse(BpeTokenizerTrainer.isValidPiece("a" + B));
        assertFalse(BpeTokenizerTrainer.isValidPiece(B + B + "a"));
    }

    @Test
    public void pairIndexCountsIncrementally() {
        // Words "aab" x2, "ab" x3 with ids a=1, b=2: (a,a)=2, (a,b)=5. Merge (a,b)->3: "a3" x2, "3" x3.
        int[][] words = {{1, 1, 2}, {1, 2}};
        PairIndex index = new PairIndex(words, new long[] {2, 3});
        assertEquals(index.count(1, 1), 2);
        PairIndex.Candidate best = index.best(1, (l, r) -> true);
        assertEquals(best, new PairIndex.Candidate(5, 1, 2));
        index.merge(1, 2, 3);
        assertEquals(index.count(1, 2), 0);
        assertEquals(index.count(1, 1), 0);
        assertEquals(index.count(1, 3), 2);
        assertEquals(index.symbolCount(), 2 * 2 + 3);
        assertEquals(index.best(1, (l, r) -> true), new PairIndex.Candidate(2, 1, 3));
        assertNull(index.best(3, (l, r) -> true));
    }

    @Test
    public void incrementalCountsEqualFullRecount() {
        Random random = new Random(99);
        int[][] words = new int[300][];
        long[] frequencies = new long[words.length];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.ints(1 + random.nextInt(14), 1, 4).toArray(); // symbols 1..3: many repeats
            frequencies[w] = 1 + random.nextInt(5);
        }
        PairIndex index = new PairIndex(words, frequencies);
        for (int step = 0; step < 40; step++) {
            Map<List<Integer>, Long> recount = new HashMap<>();
            for (int w = 0; w < words.length; w++) {
                for (int j = 0; j + 1 < words[w].length; j++) {
                    recount.merge(List.of(words[w][j], words[w][j + 1]), frequencies[w], Long::sum);
                }
            }
            for (Map.Entry<List<Integer>, Long> e : recount.entrySet()) {
                assertEquals(index.count(e.getKey().get(0), e.getKey().get(1)), (long) e.getValue(), "pair " + e);
            }
            PairIndex.Candidate best = index.best(1, (l, r) -> true);
            if (best == null) {
                assertTrue(recount.isEmpty());
                break;
            }
            List<Integer> expected = recount.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<List<Integer>, Long>>comparingLong(Map.Entry::getValue).reversed()
                            .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                    .findFirst().orElseThrow().getKey();
            assertEquals(List.of(best.left(), best.right()), expected, "step " + step);
            assertEquals(best.count(), (long) recount.get(expected));
            index.merge(best.left(), best.right(), 100 + step);
        }
    }

    @Test
    public void configValidation() {
        expectThrows(IllegalArgumentException.class, () -> BpeTrainerConfig.ofVocabSize(259));
        expectThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(1000, 0.0, 2, 16));
        expectThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(1000, 1.5, 2, 16));
        expectThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(1000, 0.9995, 0, 16));
        expectThrows(IllegalArgumentException.class, () -> new BpeTrainerConfig(1000, 0.9995, 2, 1));
        assertEquals(BpeTrainerConfig.llama2().vocabSize(), 32000);
        assertEquals(BpeTrainerConfig.llama2().characterCoverage(), 0.9995);
    }
}
