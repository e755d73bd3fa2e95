package org.rlhf4j.model.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.rlhf4j.model.Ops;

/**
 * Keys and values of every layer for the positions decoded so far, so that each new token costs one forward pass
 * over one position. Per layer, one buffer (B, kvHeads, capacity, headDim) for keys and one for values, allocated at
 * the first append and written in place: appending T positions copies only those T, and attention reads the view
 * of the first {@link #length()} positions (growing the cache by concatenation would copy it all at every step).
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    private final int[] lengths;
    private final int capacity;

    /**
     * @param numLayers decoder layers
     * @param capacity the most positions the cache will hold (prompt + new tokens)
     */
    public KvCache(int numLayers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        keys = new NDArray[numLayers];
        values = new NDArray[numLayers];
        lengths = new int[numLayers];
        this.capacity = capacity;
    }

    /** Number of cached positions S (0 when empty), as seen by the first layer. */
    public long length() {
        return lengths[0];
    }

    /**
     * Writes a layer's new keys and values (B, kvHeads, T, headDim) after the cached ones and returns views of all
     * cached positions so far: keys and values (B, kvHeads, S + T, headDim).
     */
    public NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
        Shape shape = newKeys.getShape();
        int start = lengths[layer];
        int end = start + (int) shape.get(2);
        if (end > capacity) {
            throw new IllegalStateException("KV cache capacity " + capacity + " exceeded (" + end + " positions)");
        }
        if (keys[layer] == null) {
            Shape full = new Shape(shape.get(0), shape.get(1), capacity, shape.get(3));
            keys[layer] = newKeys.getManager().zeros(full, newKeys.getDataType());
            values[layer] = newValues.getManager().zeros(full, newValues.getDataType());
        }
        Ops.setSlice(keys[layer], 2, start, end, newKeys);
        Ops.setSlice(values[layer], 2, start, end, newValues);
        lengths[layer] = end;
        return new NDArray[] {Ops.slice(keys[layer], 2, 0, end), Ops.slice(values[layer], 2, 0, end)};
    }

    /** The cache's buffers, for detaching them from a per-step memory scope. */
    public NDArray[] arrays() {
        int n = 0;
        for (NDArray k : keys) {
            n += k == null ? 0 : 2;
        }
        NDArray[] all = new NDArray[n];
        int i = 0;
        for (int layer = 0; layer < keys.length; layer++) {
            if (keys[layer] != null) {
                all[i++] = keys[layer];
                all[i++] = values[layer];
            }
        }
        return all;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                values[i].close();
                keys[i] = null;
                values[i] = null;
            }
            lengths[i] = 0;
        }
    }
}
