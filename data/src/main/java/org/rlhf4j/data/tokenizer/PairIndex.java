package org.rlhf4j.data.tokenizer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Incremental counts of adjacent symbol pairs over a set of words, for BPE training without a full recount per
 * merge.
 *
 * <p>For every pair {@code (left, right)} it keeps {@code count = Σ_w freq(w) · occurrences(left right in w)} and the
 * list of words that contain (or once contained) it. A merge visits only those words, rewrites them, and applies the
 * per-pair differences. The most frequent pair comes from a lazy max-heap: an entry whose count is stale is re-pushed
 * with the current count when it reaches the top; a pair whose count grows is pushed again. Ties go to the smaller
 * left id, then the smaller right id, so training is deterministic.
 */
final class PairIndex {

    /** Decides once and for all whether a pair may be merged (the pieces never change). */
    @FunctionalInterface
    interface MergeRule {
        boolean allowed(int left, int right);
    }

    /** A pair and its count when it was pushed. */
    record Candidate(long count, int left, int right) {}

    private static final Comparator<Candidate> MOST_FREQUENT_FIRST = Comparator
            .comparingLong(Candidate::count).reversed()
            .thenComparingInt(Candidate::left)
            .thenComparingInt(Candidate::right);

    private static final class PairStats {
        long count;
        int[] words = new int[2];
        int size;

        void addWord(int word) {
            if (size > 0 && words[size - 1] == word) {
                return;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            words[size++] = word;
        }
    }

    private final int[][] words;
    private final long[] frequencies;
    private final Map<Long, PairStats> pairs = new HashMap<>();
    private final PriorityQueue<Candidate> heap = new PriorityQueue<>(MOST_FREQUENT_FIRST);
    private final Set<Long> forbidden = new HashSet<>();

    /** Indexes the pairs of {@code words} (symbol ids; the arrays are rewritten in place by merges). */
    PairIndex(int[][] words, long[] frequencies) {
        this.words = words;
        this.frequencies = frequencies;
        for (int w = 0; w < words.length; w++) {
            int[] s = words[w];
            for (int j = 0; j + 1 < s.length; j++) {
                PairStats stats = pairs.computeIfAbsent(key(s[j], s[j + 1]), k -> new PairStats());
                stats.count += frequencies[w];
                stats.addWord(w);
            }
        }
        for (Map.Entry<Long, PairStats> e : pairs.entrySet()) {
            heap.add(new Candidate(e.getValue().count, left(e.getKey()), right(e.getKey())));
        }
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int left(long key) {
        return (int) (key >>> 32);
    }

    private static int right(long key) {
        return (int) key;
    }

    /** Current count of a pair (0 if absent). */
    long count(int left, int right) {
        PairStats stats = pairs.get(key(left, right));
        return stats == null ? 0 : stats.count;
    }

    /** The most frequent pair that {@code rule} allows, if its count is at least {@code minFrequency}; else null. */
    Candidate best(long minFrequency, MergeRule rule) {
        while (!heap.isEmpty()) {
            Candidate top = heap.poll();
            long key = key(top.left(), top.right());
            PairStats stats = pairs.get(key);
            if (stats == null || stats.count <= 0 || forbidden.contains(key)) {
                continue;
            }
            if (stats.count != top.count()) {
                heap.add(new Candidate(stats.count, top.left(), top.right()));
                continue;
            }
            if (!rule.allowed(top.left(), top.right())) {
                forbidden.add(key);
                continue;
            }
            if (stats.count < minFrequency) {
                heap.add(top);
                return null;
            }
            return top;
        }
        return null;
    }

    /**
     * Replaces every occurrence of {@code left right} (left to right, non-overlapping) by {@code merged}. Only the
     * pairs around each occurrence change: {@code (p, left) → (p, merged)} and {@code (right, n) → (merged, n)}, where
     * {@code p} is the symbol before in the rewritten word (itself {@code merged} after an adjacent occurrence).
     */
    void merge(int left, int right, int merged) {
        long mergedKey = key(left, right);
        PairStats stats = pairs.remove(mergedKey);
        if (stats == null) {
            return;
        }
        Map<Long, long[]> deltas = new HashMap<>();
        int[] out = new int[16];
        for (int i = 0; i < stats.size; i++) {
            int w = stats.words[i];
            int[] s = words[w];
            long f = frequencies[w];
            if (out.length < s.length) {
                out = new int[s.length];
            }
            int n = 0;
            boolean changed = false;
            for (int j = 0; j < s.length; ) {
                if (j + 1 < s.length && s[j] == left && s[j + 1] == right) {
                    changed = true;
                    if (n > 0) {
                        int previous = out[n - 1];
                        add(deltas, key(previous, left), -f);
                        add(deltas, key(previous, merged), f);
                        pairs.computeIfAbsent(key(previous, merged), x -> new PairStats()).addWord(w);
                    }
                    if (j + 2 < s.length) {
                        int next = s[j + 2];
                        add(deltas, key(right, next), -f);
                        add(deltas, key(merged, next), f);
                        pairs.computeIfAbsent(key(merged, next), x -> new PairStats()).addWord(w);
                    }
                    out[n++] = merged;
                    j += 2;
                } else {
                    out[n++] = s[j++];
                }
            }
            if (changed) {
                words[w] = Arrays.copyOf(out, n);
            }
        }
        deltas.remove(mergedKey);
        for (Map.Entry<Long, long[]> e : deltas.entrySet()) {
            long delta = e.getValue()[0];
            if (delta == 0) {
                continue;
            }
            long k = e.getKey();
            PairStats pair = pairs.computeIfAbsent(k, x -> new PairStats());
            pair.count += delta;
            if (pair.count <= 0) {
                pairs.remove(k);
            } else if (delta > 0) {
                heap.add(new Candidate(pair.count, left(k), right(k)));
            }
        }
    }

    private static void add(Map<Long, long[]> deltas, long key, long amount) {
        deltas.computeIfAbsent(key, k -> new long[1])[0] += amount;
    }

    /** Σ_w freq(w) · |w|: the number of symbols the words currently have, with multiplicity. */
    long symbolCount() {
        long total = 0;
        for (int w = 0; w < words.length; w++) {
            total += frequencies[w] * words[w].length;
        }
        return total;
    }
}
