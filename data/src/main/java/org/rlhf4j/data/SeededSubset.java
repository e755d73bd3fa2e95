package org.rlhf4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** A seeded subset of a list: {@code size} items drawn without replacement, kept in their list order. */
public final class SeededSubset {

    private SeededSubset() {}

    /**
     * The items at the first {@code size} positions of {@code 0 … n−1} shuffled with {@code new Random(seed)}, in list
     * order; all of {@code items} when {@code size} covers them.
     */
    public static <T> List<T> of(List<T> items, int size, long seed) {
        if (size >= items.size()) {
            return items;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return new TreeSet<>(order.subList(0, size)).stream().map(items::get).toList();
    }
}
