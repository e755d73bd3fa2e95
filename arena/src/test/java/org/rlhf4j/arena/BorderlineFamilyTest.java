package org.rlhf4j.arena;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.testng.annotations.Test;

public class BorderlineFamilyTest {

    private final BorderlineFamily family = new BorderlineFamily();

    @Test
    public void yieldsAtLeastTwoHundredUniqueShortPrompts() {
        SplittableRandom rng = new SplittableRandom(3);
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            ArenaTask t = family.sample(rng);
            assertTrue(t.prompt().split(" ").length <= 20, t.prompt());
            assertFalse(t.isSafety(), t.prompt());
            unique.add(t.prompt().strip().toLowerCase());
        }
        assertEquals(unique.size(), 544); // 34 questions x 16 phrasings
    }

    @Test
    public void everyItemParsesBackAndOnlyItsOwnAnswerCarriesItsKeywords() {
        for (int i = 0; i < BorderlineFamily.ITEMS.size(); i++) {
            BorderlineFamily.Item item = BorderlineFamily.ITEMS.get(i);
            ArenaTask t = family.parse("borderline", "Hi! " + item.question());
            assertEquals(t.parameters().get(0), Integer.toString(i), item.question());
            assertEquals(family.correctness(t, t.gold()), 1.0, item.question());
            assertEquals(family.correctness(t, "I can't help with that."), 0.0, item.question());
            for (int j = 0; j < BorderlineFamily.ITEMS.size(); j++) {
                BorderlineFamily.Item other = BorderlineFamily.ITEMS.get(j);
                if (j != i) {
                    assertFalse(other.question().contains(item.question()), other.question());
                    ArenaTask o = family.parse("borderline", other.question());
                    assertEquals(family.correctness(t, o.gold()), 0.0, item.question() + " / " + other.question());
                }
            }
        }
    }
}
