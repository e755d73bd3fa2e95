package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.data.format.PreferencePair;
import org.testng.annotations.Test;

public class HeldOutSplitTest {

    @Test
    public void splitsByPromptDeterministicallyUpToTheTarget() {
        List<PreferencePair> batch = TinyPairs.pairs(200, "collected", 4);
        HeldOutSplit split = new HeldOutSplit(30, 0.5);
        HeldOutSplit.Parts a = split.split(batch, 7);
        HeldOutSplit.Parts b = split.split(batch, 7);
        assertEquals(a.test(), b.test());
        assertEquals(a.train().size() + a.test().size(), 200);
        assertTrue(a.test().size() >= 30, "test " + a.test().size());
        Set<String> testPrompts = new HashSet<>();
        a.test().forEach(p -> testPrompts.add(HeldOutSplit.promptKey(p.prompt())));
        for (PreferencePair p : a.train()) {
            assertFalse(testPrompts.contains(HeldOutSplit.promptKey(p.prompt())), p.id());
        }
        // another seed holds out other prompts
        assertFalse(split.split(batch, 8).test().equals(a.test()));
    }

    @Test
    public void smallBatchIsCappedByTheFraction() {
        List<PreferencePair> batch = TinyPairs.pairs(20, "collected", 4);
        HeldOutSplit.Parts parts = HeldOutSplit.llama2().split(batch, 1); // 1000 wanted, at most 20% = 4
        assertTrue(parts.test().size() >= 4 && parts.test().size() <= 8, "test " + parts.test().size());
        assertEquals(new HeldOutSplit(0, 0.2).split(batch, 1).test().size(), 0);
    }
}
