package org.rlhf4j.sft;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rlhf4j.data.packing.PackedRow;
import org.rlhf4j.training.TrainingData;

/**
 * Micro-batches of packed rows for the training loop: the rows are read epoch after epoch, each epoch in its own
 * seeded order (or in file order without shuffling), {@code microBatchSize} rows per micro-batch; a micro-batch may
 * span the end of one epoch and the start of the next. Micro-batch p holds the rows at stream positions
 * {@code p·B … p·B + B − 1}, so the whole stream is a pure function of (rows, seed, position) and a resumed run sees
 * the same batches.
 */
public final class PackedRowBatches implements TrainingData<PackedBatch> {

    private final List<PackedRow> rows;
    private final int microBatchSize;
    private final boolean shuffle;
    private final long seed;
    private long position;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    /**
     * @param rows the packed rows (at least one)
     * @param microBatchSize rows per micro-batch
     * @param shuffle whether each epoch uses its own random order
     * @param seed seed of the epoch orders
     */
    public PackedRowBatches(List<PackedRow> rows, int microBatchSize, boolean shuffle, long seed) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no packed rows to train on");
        }
        if (microBatchSize < 1) {
            throw new IllegalArgumentException("microBatchSize must be >= 1, got " + microBatchSize);
        }
        this.rows = List.copyOf(rows);
        this.microBatchSize = microBatchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    @Override
    public PackedBatch next() {
        List<PackedRow> batch = new ArrayList<>(microBatchSize);
        for (int j = 0; j < microBatchSize; j++) {
            long k = position * microBatchSize + j;
            long epoch = k / rows.size();
            batch.add(rows.get(order(epoch)[(int) (k % rows.size())]));
        }
        position++;
        return new PackedBatch(batch);
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

    /** The row order of one epoch: a seeded Fisher–Yates permutation, or the identity without shuffling. */
    private int[] order(long epoch) {
        if (epoch != cachedEpoch) {
            int[] order = new int[rows.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (shuffle) {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
                for (int i = order.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
            }
            cachedEpoch = epoch;
            cachedOrder = order;
        }
        return cachedOrder;
    }
}
