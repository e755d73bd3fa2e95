package org.rlhf4j.training;

/**
 * The run's random generator, SplitMix64 (Steele, Lea &amp; Flood 2014), chosen because its whole state is one
 * {@code long} that a checkpoint can store and restore exactly ({@code java.util.Random} and
 * {@code SplittableRandom} do not expose theirs).
 */
public final class TrainingRandom {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    /** A generator seeded with {@code seed}. */
    public TrainingRandom(long seed) {
        this.state = seed;
    }

    /** A generator continuing from {@link #state()}. */
    public static TrainingRandom restore(long state) {
        return new TrainingRandom(state);
    }

    /** The complete state, for a checkpoint. */
    public long state() {
        return state;
    }

    /** 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), bound &gt; 0 (rejection sampling, no modulo bias). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal (Box–Muller, one value per call so the state stays a single long). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
