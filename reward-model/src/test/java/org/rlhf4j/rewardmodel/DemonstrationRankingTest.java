package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.testng.annotations.Test;

public class DemonstrationRankingTest {

    private static List<Dialog> dialogs(String prefix, int n) {
        List<Dialog> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Dialog(prefix + i, List.of(Message.user("question " + prefix + i),
                    Message.assistant("answer " + prefix + i)), Map.of()));
        }
        return out;
    }

    @Test
    public void eligibleKeepsTheHighestRewardsOfEachBranchInFileOrder() {
        List<Dialog> demos = dialogs("d", 7);
        // Helpfulness branch: d0 (-1), d1 (3), d3 (0.5), d4 (3, ties d1), d6 (-5); safety branch: d2 (10), d5 (-10).
        float[] rewards = {-1f, 3f, 10f, 0.5f, 3f, -10f, -5f};
        boolean[] safety = {false, false, true, false, false, true, false};
        // ceil(0.5 x 5) = 3 of the helpfulness branch (d1, d4, d3), ceil(0.5 x 2) = 1 of the safety branch (d2):
        // the Safety RM's 10 is not compared with the Helpfulness RM's scores.
        assertEquals(DemonstrationRanking.eligible(demos, rewards, safety, 0.5),
                List.of(demos.get(1), demos.get(2), demos.get(3), demos.get(4)));
        // ceil(0.2 x 5) = 1: of d1 and d4 (equal rewards) the earlier stays.
        assertEquals(DemonstrationRanking.eligible(demos, rewards, safety, 0.2), List.of(demos.get(1), demos.get(2)));
        assertEquals(DemonstrationRanking.eligible(demos, rewards, safety, 1.0), demos, "keep 1: every demonstration");
    }

    @Test
    public void eligibleRejectsABadShareOrMismatchedArrays() {
        List<Dialog> demos = dialogs("d", 2);
        float[] rewards = {1f, 2f};
        boolean[] safety = {false, false};
        for (double keep : new double[] {0.0, -0.1, 1.01, Double.NaN}) {
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                    () -> DemonstrationRanking.eligible(demos, rewards, safety, keep));
            assertTrue(e.getMessage().contains("keep must be in (0, 1]"), e.getMessage());
        }
        expectThrows(IllegalArgumentException.class,
                () -> DemonstrationRanking.eligible(demos, new float[] {1f}, safety, 0.5));
    }
}
