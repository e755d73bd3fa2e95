package org.rlhf4j.eval;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

public class WilsonRateTest {

    private static final double EPS = 1e-9;

    /**
     * Hand values from the Wilson formula with z = 1.959963984540054: for k = 32 of n = 160, p = 0.2,
     * d = 1 + z²/n = 1.0240091, center = (p + z²/(2n)) / d = 0.2070340, half = z √(p(1−p)/n + z²/(4n²)) / d =
     * 0.0616513.
     */
    @Test
    public void matchesTheFormulaByHand() {
        WilsonRate r = WilsonRate.of(32, 160);
        assertEquals(r.rate(), 0.2, EPS);
        assertEquals(r.lower(), 0.14538269154252415, EPS);
        assertEquals(r.upper(), 0.268685025560379, EPS);
        WilsonRate half = WilsonRate.of(5, 10);
        assertEquals(half.lower(), 0.236593090512564, EPS);
        assertEquals(half.upper(), 0.7634069094874361, EPS);
    }

    /** At k = 0 the interval is [0, z²/(n + z²)], not the empty [0, 0] of the normal approximation. */
    @Test
    public void zeroAndAllAreNotDegenerate() {
        WilsonRate none = WilsonRate.of(0, 10);
        assertEquals(none.lower(), 0.0, EPS);
        assertEquals(none.upper(), 0.2775327998628892, EPS);
        WilsonRate all = WilsonRate.of(10, 10);
        assertEquals(all.lower(), 0.7224672001371107, EPS);
        assertTrue(all.upper() <= 1.0);
        assertEquals(all.upper(), 1.0, EPS);
    }

    @Test
    public void formatAndJson() {
        WilsonRate r = WilsonRate.of(32, 160);
        assertEquals(r.format(), "0.200 [0.145, 0.269] (32/160)");
        Map<String, Object> json = r.toJson();
        assertEquals(json.get("count"), 32);
        assertEquals(json.get("of"), 160);
        assertEquals((double) json.get("ci95_low"), 0.14538269154252415, EPS);
        assertEquals(r.ci95(), List.of(r.lower(), r.upper()));
    }

    @Test
    public void noTrialsIsUndefined() {
        WilsonRate r = WilsonRate.of(0, 0);
        assertTrue(Double.isNaN(r.rate()));
        assertNull(r.ci95());
        assertNull(r.toJson().get("rate"));
        assertEquals(r.format(), "n/a (0/0)");
    }

    @Test
    public void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonRate.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> WilsonRate.of(-1, 2));
    }
}
