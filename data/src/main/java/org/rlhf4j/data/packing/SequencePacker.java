package org.rlhf4j.data.packing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.data.chat.ChatTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs chat-formatted SFT dialogs into fixed-length rows (METHOD.md §3): examples are concatenated, in the given
 * order, into the current row while they fit; an example that does not fit closes the row (the rest is padding) and
 * starts the next one. An example is never split across rows. No extra separator is inserted: each example already
 * starts with BOS and each exchange ends with EOS.
 *
 * <p>Loss mask of an example (see {@link PackedRow} for the label convention): 1 on the tokens the chat format marks
 * as assistant tokens (answers and their EOS) — all turns, or only the last turn for {@link LossOn#LAST_ASSISTANT_TURN}
 * — and 0 everywhere else.
 */
public final class SequencePacker {

    private static final Logger LOG = LoggerFactory.getLogger(SequencePacker.class);

    private final PackingConfig config;

    /**
     * A packer for {@code config}.
     *
     * @param eosId the tokenizer's EOS id; the pad id must differ from it (a masked EOS teaches the model never to stop)
     */
    public SequencePacker(PackingConfig config, int eosId) {
        if (config.padId() == eosId) {
            throw new IllegalArgumentException("padId " + config.padId() + " is the EOS id; choose another pad id");
        }
        this.config = config;
    }

    /**
     * Packs {@code examples} (outputs of {@code ChatFormat.encodeDialog}).
     *
     * @throws IllegalArgumentException if an example has no target token under the configured {@link LossOn}
     */
    public PackingResult pack(List<ChatTokens> examples) {
        int length = config.sequenceLength();
        List<PackedRow> rows = new ArrayList<>();
        RowBuilder row = new RowBuilder(length, config.padId());
        int packed = 0;
        int truncated = 0;
        long truncatedTokens = 0;
        long tokens = 0;
        long targets = 0;
        for (int i = 0; i < examples.size(); i++) {
            ChatTokens example = examples.get(i);
            int[] mask = lossMask(example, i);
            int[] ids = example.ids();
            if (ids.length > length) {
                if (config.overflowPolicy() == OverflowPolicy.DROP) {
                    LOG.debug("example {}: {} tokens > {}; dropped", i, ids.length, length);
                    continue;
                }
                int cutEnd = leftCut(example, length); // tokens [1, cutEnd) are removed, or [0, cutEnd)
                if (cutEnd > finalAnswerStart(example)) {
                    LOG.debug("example {}: final answer does not fit in {} tokens; dropped", i, length);
                    continue;
                }
                int before = ids.length;
                if (startsExchange(example, cutEnd)) { // the tail brings its own BOS
                    ids = Arrays.copyOfRange(ids, cutEnd, ids.length);
                    mask = Arrays.copyOfRange(mask, cutEnd, mask.length);
                } else {
                    ids = keepFirstAndTail(ids, cutEnd);
                    mask = keepFirstAndTail(mask, cutEnd);
                }
                truncated++;
                truncatedTokens += before - ids.length;
            }
            if (!row.fits(ids.length)) {
                rows.add(row.build());
                row = new RowBuilder(length, config.padId());
            }
            row.add(ids, mask);
            packed++;
            tokens += ids.length;
            targets += Arrays.stream(mask).sum();
        }
        if (!row.isEmpty()) {
            rows.add(row.build());
        }
        PackingStats stats = new PackingStats(examples.size(), packed, truncated, examples.size() - packed,
                rows.size(), tokens, (long) rows.size() * length - tokens, targets, truncatedTokens);
        LOG.info("packed {} of {} examples into {} rows of {} tokens (fill {}%, {} truncated, {} dropped)",
                packed, examples.size(), rows.size(), length, String.format("%.1f", 100 * stats.fillRatio()),
                truncated, stats.droppedExamples());
        return new PackingResult(rows, stats);
    }

    /** Per-token loss mask of one example under {@link PackingConfig#lossOn()}. */
    int[] lossMask(ChatTokens example, int index) {
        int lastAnswerTurn = -1;
        for (int t = 0; t < example.length(); t++) {
            if (example.assistant()[t]) {
                lastAnswerTurn = Math.max(lastAnswerTurn, example.turn()[t]);
            }
        }
        if (lastAnswerTurn < 0) {
            throw new IllegalArgumentException("example " + index + " has no assistant tokens; pack finished dialogs"
                    + " (ChatFormat.encodeDialog), not prompts");
        }
        boolean lastOnly = config.lossOn() == LossOn.LAST_ASSISTANT_TURN;
        int[] mask = new int[example.length()];
        for (int t = 0; t < mask.length; t++) {
            boolean target = example.assistant()[t] && (!lastOnly || example.turn()[t] == lastAnswerTurn);
            mask[t] = target ? 1 : 0;
        }
        return mask;
    }

    /**
     * Where a left cut of an example longer than {@code length} ends: the BOS and the last {@code length − 1} tokens
     * are kept, except that a cut ending inside an answer removes the rest of that answer, its EOS included. A kept
     * fragment of an answer would be trained without its beginning, and a kept lone EOS right after BOS would teach
     * the model to answer nothing.
     */
    private static int leftCut(ChatTokens example, int length) {
        boolean[] assistant = example.assistant();
        int cutEnd = example.length() - length + 1;
        if (assistant[cutEnd - 1] && cutEnd > 1) {
            while (cutEnd < example.length() && assistant[cutEnd]) {
                cutEnd++;
            }
        }
        return cutEnd;
    }

    /** Whether token {@code t} opens an exchange (its BOS), so that a tail from t needs no extra BOS. */
    private static boolean startsExchange(ChatTokens example, int t) {
        return t < example.length() && example.ids()[t] == example.ids()[0]
                && example.turn()[t] != example.turn()[t - 1];
    }

    /** Index of the first token of the last assistant answer. */
    private static int finalAnswerStart(ChatTokens example) {
        int t = example.length() - 1;
        while (t > 0 && !example.assistant()[t]) {
            t--;
        }
        while (t > 0 && example.assistant()[t - 1]) {
            t--;
        }
        return t;
    }

    private static int[] keepFirstAndTail(int[] values, int cutEnd) {
        int[] out = new int[values.length - cutEnd + 1];
        out[0] = values[0];
        System.arraycopy(values, cutEnd, out, 1, values.length - cutEnd);
        return out;
    }

    /** Fills one row left to right. */
    private static final class RowBuilder {
        private final int[] tokens;
        private final int[] lossMask;
        private final int[] segmentIds;
        private int used;
        private int segment;

        RowBuilder(int length, int padId) {
            tokens = new int[length];
            Arrays.fill(tokens, padId);
            lossMask = new int[length];
            segmentIds = new int[length];
        }

        boolean fits(int n) {
            return used + n <= tokens.length;
        }

        boolean isEmpty() {
            return used == 0;
        }

        void add(int[] ids, int[] mask) {
            segment++;
            System.arraycopy(ids, 0, tokens, used, ids.length);
            System.arraycopy(mask, 0, lossMask, used, ids.length);
            Arrays.fill(segmentIds, used, used + ids.length, segment);
            used += ids.length;
        }

        PackedRow build() {
            return new PackedRow(tokens, lossMask, segmentIds);
        }
    }
}
