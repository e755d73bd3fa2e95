package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

public class RateTest {

    @Test
    public void wilsonIntervalMatchesHandValues() {
        // Wilson 95%, z = 1.959964, z² = 3.841459: 12 of 100 -> centre (0.12 + z²/200) / (1 + z²/100) = 0.134058,
        // half-width z·sqrt(0.12·0.88/100 + z²/40000) / (1 + z²/100) = 0.064064 -> [0.069994, 0.198122].
        Rate r = Rate.of(12, 100);
        assertEquals(r.value(), 0.12, 1e-12);
        assertEquals(r.low(), 0.069994, 1e-5);
        assertEquals(r.high(), 0.198122, 1e-5);
        assertEquals(r.format(), "0.120 [0.070, 0.198] (12/100)");
        Rate zero = Rate.of(0, 150); // upper bound z²/(n + z²) = 3.841459/153.841459 = 0.024970
        assertEquals(zero.low(), 0.0, 1e-12);
        assertEquals(zero.high(), 0.024970, 1e-5);
        assertTrue(Double.isNaN(Rate.of(0, 0).value()));
        expectThrows(IllegalArgumentException.class, () -> Rate.of(3, 2));
    }
}
