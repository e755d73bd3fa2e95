package org.rlhf4j.data.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a byte-pair-encoding tokenizer configured like Llama 2's (Llama 2 §2.1: SentencePiece BPE, digits split,
 * byte fallback) and writes it as a Hugging Face {@code tokenizer.json} ({@link LlamaTokenizerJson}).
 *
 * <ol>
 *   <li>Count words: each line normalised ("▁" + line, ' ' → "▁") and split at word starts and digits
 *       ({@link WordCounts}).</li>
 *   <li>Alphabet: characters by descending frequency until {@code characterCoverage} of all characters is covered;
 *       the rest are left to the byte pieces.</li>
 *   <li>Merge: repeatedly join the most frequent adjacent pair {@code (a, b)} into the piece {@code ab}, counting
 *       {@code count(a, b) = Σ_words freq(word) · occurrences}, until {@code vocabSize} pieces exist or no pair
 *       occurs {@code minFrequency} times. Ties go to the smaller ids. A merge is skipped if its piece would be longer
 *       than {@code maxPieceLength}, would put "▁" anywhere but first (unless it is all "▁"), or would spell a
 *       reserved piece such as "&lt;/s&gt;".</li>
 * </ol>
 *
 * Pair counts are updated incrementally ({@link PairIndex}); the same corpus and config give the same bytes.
 */
public final class BpeTokenizerTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BpeTokenizerTrainer.class);

    private BpeTokenizerTrainer() {}

    /** Trains on a UTF-8 text file, one sentence or paragraph per line, and writes {@code outTokenizerJson}. */
    public static BpeTrainingReport train(Path corpus, BpeTrainerConfig config, Path outTokenizerJson)
            throws IOException {
        long start = System.nanoTime();
        WordCounts counts = new WordCounts();
        CorpusLines.forEach(corpus, counts::addLine);
        return finish(counts, config, outTokenizerJson, start);
    }

    /** Trains on lines of text (without line terminators) and writes {@code outTokenizerJson}. */
    public static BpeTrainingReport train(Iterable<String> lines, BpeTrainerConfig config, Path outTokenizerJson)
            throws IOException {
        long start = System.nanoTime();
        return finish(WordCounts.count(lines), config, outTokenizerJson, start);
    }

    /** Learns the vocabulary and merges of {@code lines} without writing anything. */
    public static BpeModel learn(Iterable<String> lines, BpeTrainerConfig config) {
        return learn(WordCounts.count(lines), config).model();
    }

    private static BpeTrainingReport finish(WordCounts counts, BpeTrainerConfig config, Path out, long startNanos)
            throws IOException {
        Learned learned = learn(counts, config);
        LlamaTokenizerJson.write(learned.model(), out);
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        BpeTrainingReport report = new BpeTrainingReport(learned.model().vocabSize(), learned.alphabetSize(),
                learned.model().merges().size(), counts.lineCount(), counts.codePointCount(), learned.tokenCount(),
                millis);
        LOG.info("trained BPE tokenizer {}: {} pieces ({} characters, {} merges) from {} lines in {} ms, "
                        + "{} tokens/char", out, report.vocabSize(), report.alphabetSize(), report.mergeCount(),
                report.lineCount(), millis, String.format("%.4f", report.tokensPerCharacter()));
        return report;
    }

    private record Learned(BpeModel model, int alphabetSize, long tokenCount) {}

    private static Learned learn(WordCounts counts, BpeTrainerConfig config) {
        List<String> pieces = new ArrayList<>(LlamaPieces.reservedPieces());
        Map<String, Integer> pieceIds = new HashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            pieceIds.put(pieces.get(id), id);
        }
        List<Integer> alphabet = selectAlphabet(counts.characterCounts(), config);
        Map<Integer, Integer> characterIds = new HashMap<>();
        for (int cp : alphabet) {
            characterIds.put(cp, pieces.size());
            pieceIds.put(new String(Character.toChars(cp)), pieces.size());
            pieces.add(new String(Character.toChars(cp)));
        }

        // Words as symbol ids, cut at characters left to byte fallback (no merge can cross those).
        List<String> sortedWords = new ArrayList<>(counts.wordFrequencies().keySet());
        Collections.sort(sortedWords);
        List<int[]> symbols = new ArrayList<>();
        List<Long> frequencies = new ArrayList<>();
        long byteFallbackTokens = 0;
        int[] buffer = new int[64];
        for (String word : sortedWords) {
            long f = counts.wordFrequencies().get(word)[0];
            int n = 0;
            for (int i = 0; i < word.length(); ) {
                int cp = word.codePointAt(i);
                i += Character.charCount(cp);
                Integer id = characterIds.get(cp);
                if (id == null) {
                    byteFallbackTokens += f * utf8Length(cp);
                    if (n > 0) {
                        symbols.add(Arrays.copyOf(buffer, n));
                        frequencies.add(f);
                        n = 0;
                    }
                } else {
                    if (n == buffer.length) {
                        buffer = Arrays.copyOf(buffer, n * 2);
                    }
                    buffer[n++] = id;
                }
            }
            if (n > 0) {
                symbols.add(Arrays.copyOf(buffer, n));
                frequencies.add(f);
            }
        }
        PairIndex index = new PairIndex(symbols.toArray(new int[0][]),
                frequencies.stream().mapToLong(Long::longValue).toArray());

        PairIndex.MergeRule rule = (left, right) -> {
            String merged = pieces.get(left) + pieces.get(right);
            if (merged.codePointCount(0, merged.length()) > config.maxPieceLength()) {
                return false;
            }
            Integer existing = pieceIds.get(merged);
            if (existing != null && existing < LlamaPieces.FIRST_LEARNED_ID) {
                return false;
            }
            return isValidPiece(merged);
        };
        List<BpeModel.Merge> merges = new ArrayList<>();
        while (pieces.size() < config.vocabSize()) {
            PairIndex.Candidate best = index.best(config.minFrequency(), rule);
            if (best == null) {
                LOG.warn("no allowed pair occurs at least {} times: vocabulary stops at {} of {} pieces",
                        config.minFrequency(), pieces.size(), config.vocabSize());
                break;
            }
            String merged = pieces.get(best.left()) + pieces.get(best.right());
            Integer result = pieceIds.get(merged);
            if (result == null) {
                result = pieces.size();
                pieces.add(merged);
                pieceIds.put(merged, result);
            }
            merges.add(new BpeModel.Merge(best.left(), best.right(), result));
            index.merge(best.left(), best.right(), result);
        }
        long tokens = index.symbolCount() + byteFallbackTokens;
        return new Learned(new BpeModel(pieces, merges), alphabet.size(), tokens);
    }

    /** SentencePiece's rule with whitespace-only pieces allowed: "▁" only as the first character, or only "▁". */
    static boolean isValidPiece(String piece) {
        boolean allBoundary = piece.chars().allMatch(c -> c == LlamaPieces.WORD_BOUNDARY_CP);
        return allBoundary || piece.indexOf(LlamaPieces.WORD_BOUNDARY_CP, 1) < 0;
    }

    /** Most frequent characters first (ties: smaller code point) until the coverage is reached or no room is left. */
    static List<Integer> selectAlphabet(Map<Integer, Long> characterCounts, BpeTrainerConfig config) {
        List<Map.Entry<Integer, Long>> byFrequency = new ArrayList<>(characterCounts.entrySet());
        byFrequency.sort(Comparator.<Map.Entry<Integer, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparingInt(Map.Entry::getKey));
        long total = byFrequency.stream().mapToLong(Map.Entry::getValue).sum();
        int room = config.vocabSize() - LlamaPieces.FIRST_LEARNED_ID;
        List<Integer> alphabet = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<Integer, Long> e : byFrequency) {
            if ((double) covered / total >= config.characterCoverage()) {
                break;
            }
            if (alphabet.size() == room) {
                LOG.warn("vocabSize {} leaves room for only {} characters; the rest fall back to bytes",
                        config.vocabSize(), room);
                break;
            }
            covered += e.getValue();
            alphabet.add(e.getKey());
        }
        return alphabet;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
