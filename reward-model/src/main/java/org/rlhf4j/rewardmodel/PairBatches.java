package org.rlhf4j.rewardmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.rlhf4j.training.TrainingData;

/**
 * The training pairs as a positionable stream of micro-batches of {@code pairsPerMicroBatch} pairs (2P rows). Each
 * epoch visits every pair once, in an order shuffled from (seed, epoch) when {@code shuffle} is on; the last
 * micro-batch of an epoch may be smaller (the step weights micro-batches by their pairs). Position n is a pure
 * function of n, so a resumed run sees exactly the batches the uninterrupted run would have seen.
 *
 * <p>With a length group of G micro-batches, each epoch's (shuffled) order is cut into groups of G·P pairs and each
 * group is sorted by the pair's longer row, longest first (stable), so the rows a micro-batch pads together have
 * similar lengths (Hugging Face Trainer's {@code group_by_length}).
 */
public final class PairBatches implements TrainingData<PairBatch> {

    private final List<TokenizedPair> pairs;
    private final int pairsPerMicroBatch;
    private final boolean shuffle;
    private final long seed;
    private final MarginTable margins;
    private final int batchesPerEpoch;
    private final int lengthGroup;
    private long position;
    private long orderEpoch = -1;
    private int[] order;

    /**
     * @param pairs the training pairs, non-empty
     * @param pairsPerMicroBatch P
     * @param margins the margin table
     * @param shuffle reshuffle every epoch
     * @param seed seeds the shuffles
     */
    public PairBatches(List<TokenizedPair> pairs, int pairsPerMicroBatch, MarginTable margins, boolean shuffle,
                       long seed) {
        this(pairs, pairsPerMicroBatch, margins, shuffle, seed, 0);
    }

    /**
     * @param lengthGroup micro-batches per length-sorted group; 0 or 1 for none
     */
    public PairBatches(List<TokenizedPair> pairs, int pairsPerMicroBatch, MarginTable margins, boolean shuffle,
                       long seed, int lengthGroup) {
        if (lengthGroup < 0) {
            throw new IllegalArgumentException("length group must be >= 0, got " + lengthGroup);
        }
        this.lengthGroup = lengthGroup;
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        if (pairsPerMicroBatch < 1) {
            throw new IllegalArgumentException("pairs per micro-batch must be >= 1, got " + pairsPerMicroBatch);
        }
        this.pairs = List.copyOf(pairs);
        this.pairsPerMicroBatch = pairsPerMicroBatch;
        this.margins = margins;
        this.shuffle = shuffle;
        this.seed = seed;
        this.batchesPerEpoch = (pairs.size() + pairsPerMicroBatch - 1) / pairsPerMicroBatch;
    }

    /** Micro-batches per pass over the pairs. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public PairBatch next() {
        long epoch = position / batchesPerEpoch;
        int index = (int) (position % batchesPerEpoch);
        int[] epochOrder = orderOf(epoch);
        int from = index * pairsPerMicroBatch;
        int to = Math.min(pairs.size(), from + pairsPerMicroBatch);
        List<int[]> chosen = new ArrayList<>(to - from);
        List<int[]> rejected = new ArrayList<>(to - from);
        float[] m = new float[to - from];
        int[] chosenSafe = new int[to - from];
        int[] rejectedSafe = new int[to - from];
        for (int k = from; k < to; k++) {
            TokenizedPair p = pairs.get(epochOrder[k]);
            chosen.add(p.chosen());
            rejected.add(p.rejected());
            m[k - from] = (float) margins.margin(p.rating());
            chosenSafe[k - from] = p.chosenSafe();
            rejectedSafe[k - from] = p.rejectedSafe();
        }
        position++;
        return new PairBatch(chosen, rejected, m, chosenSafe, rejectedSafe);
    }

    private int[] orderOf(long epoch) {
        if (epoch != orderEpoch) {
            List<Integer> idx = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                idx.add(i);
            }
            if (shuffle) {
                java.util.Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
            }
            if (lengthGroup > 1) {
                int size = lengthGroup * pairsPerMicroBatch;
                for (int from = 0; from < idx.size(); from += size) {
                    idx.subList(from, Math.min(idx.size(), from + size))
                            .sort(Comparator.comparingInt((Integer i) -> pairs.get(i).maxLength()).reversed());
                }
            }
            order = idx.stream().mapToInt(Integer::intValue).toArray();
            orderEpoch = epoch;
        }
        return order;
    }

    /** Pairs served by the micro-batches before {@code atPosition} (for pairs/s). */
    public long pairsBefore(long atPosition) {
        long epochs = atPosition / batchesPerEpoch;
        long inEpoch = atPosition % batchesPerEpoch;
        return epochs * pairs.size() + Math.min(pairs.size(), inEpoch * pairsPerMicroBatch);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void seek(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position must be >= 0, got " + newPosition);
        }
        position = newPosition;
    }
}
