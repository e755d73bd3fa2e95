package org.rlhf4j.data.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much a tokenizer compresses a corpus: {@code tokens / characters}, encoding each non-empty line on its own
 * without BOS through DJL's {@code HuggingFaceTokenizer}, characters counted as code points. Below 1 means pieces
 * longer than a character on average.
 *
 * @param tokens     tokens of all non-empty lines
 * @param characters code points of all non-empty lines
 * @param lines      non-empty lines
 */
public record TokensPerCharacter(long tokens, long characters, long lines) {

    private static final int BATCH = 512;

    /** {@code tokens / characters} (0 for an empty corpus). */
    public double value() {
        return characters == 0 ? 0.0 : (double) tokens / characters;
    }

    /** Options under which DJL's tokenizer neither adds BOS nor silently truncates to 512 tokens. */
    public static Map<String, String> exactOptions() {
        return Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    }

    /** Encodes every line of the UTF-8 file {@code corpus} with the tokenizer at {@code tokenizerJson}. */
    public static TokensPerCharacter measure(Path tokenizerJson, Path corpus) throws IOException {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, exactOptions())) {
            long[] totals = new long[3];
            List<String> batch = new ArrayList<>(BATCH);
            CorpusLines.forEach(corpus, line -> {
                if (line.isEmpty()) {
                    return;
                }
                batch.add(line);
                if (batch.size() == BATCH) {
                    count(tokenizer, batch, totals);
                }
            });
            count(tokenizer, batch, totals);
            return new TokensPerCharacter(totals[0], totals[1], totals[2]);
        }
    }

    private static void count(HuggingFaceTokenizer tokenizer, List<String> batch, long[] totals) {
        if (batch.isEmpty()) {
            return;
        }
        Encoding[] encodings = tokenizer.batchEncode(batch);
        for (int i = 0; i < encodings.length; i++) {
            totals[0] += encodings[i].getIds().length;
            totals[1] += batch.get(i).codePointCount(0, batch.get(i).length());
        }
        totals[2] += batch.size();
        batch.clear();
    }
}
