package org.rlhf4j.model.sampling;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.LlamaModel;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class KvCacheSessionTest {

    static final LlamaConfig CONFIG = new LlamaConfig(32, 2, 4, 2, 8, 64, 48, 24, 10000.0, 1e-5);

    private NDManager manager;
    private LlamaModel model;

    @BeforeClass
    public void setUp() {
        manager = NDManager.newBaseManager();
        model = LlamaModel.initialized(manager, CONFIG, HeadKind.CAUSAL_LM, 42);
        for (var p : model.namedParameters().values()) {
            if (p.getArray().getShape().dimension() == 2) {
                p.getArray().muli(manager.create(20f)); // peaked distributions: greedy ties are impossible
            }
        }
    }

    @AfterClass
    public void tearDown() {
        model.close();
        manager.close();
    }

    /** Greedy tokens after feeding {@code pieces} one after another, each sampled token fed back. */
    private int[] greedyAfter(KvCacheSession session, int n, int[]... pieces) {
        for (int[] piece : pieces) {
            session.feed(piece);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = session.sample();
            session.feed(out[i]);
        }
        return out;
    }

    @Test
    public void feedingInPiecesEqualsOneFullPrompt() {
        int[] prompt = {1, 5, 9, 12, 7, 30, 2, 1, 17};
        int[] reference = new KvCacheGenerator(model)
                .generate(List.of(prompt), SamplingConfig.greedy(6).withEos(-1, false), 0).get(0).tokens();
        try (KvCacheSession session = new KvCacheSession(model, SamplingConfig.greedy(1), 0)) {
            // A turn, then the next turn after the cached one (a chunk of several positions after a filled cache).
            int[] pieces = greedyAfter(session, 6, Arrays.copyOfRange(prompt, 0, 4), Arrays.copyOfRange(prompt, 4, 6),
                    Arrays.copyOfRange(prompt, 6, 9));
            assertEquals(pieces, reference);
            assertEquals(session.length(), prompt.length + 6);
            assertEquals(session.remaining(), CONFIG.maxPositions() - prompt.length - 6);
        }
    }

    @Test
    public void resetStartsAFreshConversation() {
        try (KvCacheSession session = new KvCacheSession(model, SamplingConfig.greedy(1), 0)) {
            int[] first = greedyAfter(session, 4, new int[] {1, 8, 8, 4});
            greedyAfter(session, 2, new int[] {2, 1, 11});
            session.reset();
            assertEquals(session.length(), 0);
            assertEquals(greedyAfter(session, 4, new int[] {1, 8, 8, 4}), first);
        }
    }

    @Test
    public void refusesWhatDoesNotFitAndSamplingBeforeFeeding() {
        try (KvCacheSession session = new KvCacheSession(model, SamplingConfig.sample(1.0, 1), 3)) {
            assertThrows(IllegalStateException.class, session::sample);
            session.feed(new int[20]);
            assertThrows(IllegalStateException.class, () -> session.feed(new int[5]));
            assertEquals(session.length(), 20); // nothing was fed by the refused call
            session.feed(new int[4]);
            assertEquals(session.remaining(), 0);
        }
    }
}
