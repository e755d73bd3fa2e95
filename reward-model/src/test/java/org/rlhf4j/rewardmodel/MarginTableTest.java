package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;

import java.util.List;
import org.rlhf4j.data.format.Rating;
import org.testng.annotations.Test;

public class MarginTableTest {

    @Test
    public void thePapersTables() {
        assertEquals(MarginTable.SMALL.margins(List.of(Rating.values())), new float[] {1f, 2f / 3, 1f / 3, 0f});
        assertEquals(MarginTable.LARGE.margins(List.of(Rating.values())), new float[] {3f, 2f, 1f, 0f});
        assertEquals(MarginTable.NONE.margins(List.of(Rating.values())), new float[] {0f, 0f, 0f, 0f});
        assertEquals(MarginTable.SMALL.margin(Rating.BETTER), 2.0 / 3, 1e-15);
        assertEquals(MarginTable.LARGE.margin(Rating.SLIGHTLY_BETTER), 1.0);
    }
}
