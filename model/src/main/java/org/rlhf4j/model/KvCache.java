package org.rlhf4j.model;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of every layer for the positions decoded so far, so that each new token costs one forward pass
 * over one position. Per layer: keys and values (B, kvHeads, S, headDim), already rotated.
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;

    public KvCache(int numLayers) {
        keys = new NDArray[numLayers];
        values = new NDArray[numLayers];
    }

    /** Number of cached positions S (0 when empty). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    /** Replaces a layer's entries (the caller has concatenated the new positions); frees the old ones. */
    void update(int layer, NDArray newKeys, NDArray newValues) {
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = newKeys;
        values[layer] = newValues;
    }

    /** All cached arrays, for detaching them from a per-step memory scope. */
    public NDArray[] arrays() {
        NDArray[] all = new NDArray[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            all[2 * i] = keys[i];
            all[2 * i + 1] = values[i];
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
        }
    }
}
