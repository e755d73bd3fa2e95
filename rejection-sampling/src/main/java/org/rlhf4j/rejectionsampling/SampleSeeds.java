package org.rlhf4j.rejectionsampling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random seed of one sample: a function of (run seed, prompt id, sample index) only — the first 8 bytes of
 * SHA-256 of {@code "<seed>/<prompt id>/<sample index>"} — so a sample does not depend on which shard, batch or
 * machine produced it (the contract that lets 1 shard and 3 shards give the same samples).
 */
public final class SampleSeeds {

    private SampleSeeds() {}

    /** The seed of sample {@code sampleIndex} of prompt {@code promptId} in a run seeded {@code seed}. */
    public static long of(long seed, String promptId, int sampleIndex) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + "/" + promptId + "/" + sampleIndex).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
