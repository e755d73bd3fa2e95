package org.rlhf4j.arena;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One independent random stream per part of the arena, derived from the run seed and the part's name, so that
 * changing one part (say, the corpus size) never shifts the random draws of another (say, the test prompts).
 */
public final class DerivedSeed {

    private DerivedSeed() {}

    /** A seed for {@code part}: FNV-1a of the part name mixed with the run seed by SplitMix64. */
    public static long of(long seed, String part) {
        long h = 0xcbf29ce484222325L;
        for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        long z = seed + h * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A random stream for {@code part}. */
    public static SplittableRandom rng(long seed, String part) {
        return new SplittableRandom(of(seed, part));
    }
}
