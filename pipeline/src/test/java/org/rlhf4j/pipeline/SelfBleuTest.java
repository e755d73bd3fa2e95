package org.rlhf4j.pipeline;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;

import java.util.List;
import org.testng.annotations.Test;

/** BLEU+1 and Self-BLEU against values computed by hand (the n-gram counts are spelt out in each test). */
public class SelfBleuTest {

    private static List<String> t(String text) {
        return SelfBleu.tokens(text);
    }

    @Test
    public void tokensAreLowerCasedWordsWithoutPunctuation() {
        assertEquals(SelfBleu.tokens("The sun, it's BRIGHT!  42 "), List.of("the", "sun", "it's", "bright", "42"));
        assertEquals(SelfBleu.tokens(" ... "), List.of());
    }

    @Test
    public void catOnTheMat() {
        // h = the cat sat on the mat, r = the cat is on the mat (both 6 tokens, BP = 1)
        // unigrams: the×2, cat, on, mat match, sat does not: p1 = 5/6
        // bigrams: "the cat", "on the", "the mat" of 5: p2 = (3+1)/(5+1) = 4/6
        // trigrams: "on the mat" of 4: p3 = (1+1)/(4+1) = 2/5
        // 4-grams: none of 3: p4 = (0+1)/(3+1) = 1/4
        // BLEU = (5/6 · 4/6 · 2/5 · 1/4)^(1/4) = (1/18)^(1/4)
        double expected = Math.pow(1.0 / 18, 0.25);
        assertEquals(expected, 0.485491, 1e-6);
        assertEquals(SelfBleu.bleu(t("the cat sat on the mat"), List.of(t("the cat is on the mat"))), expected, 1e-12);
        // the pair is symmetric, so the Self-BLEU of the two is the same number
        assertEquals(SelfBleu.of(List.of("The cat sat on the mat.", "the cat is on the mat")), expected, 1e-12);
    }

    @Test
    public void matchesAreClippedByTheMostGenerousReference() {
        // h = the the the; refs "the cat", "the the dog"
        // p1: "the" ×3 clipped to max(1, 2) = 2 → 2/3
        // p2: "the the" ×2, at most 1 in a reference → (1+1)/(2+1) = 2/3
        // p3: "the the the" ×1, no match → (0+1)/(1+1) = 1/2;  p4: no 4-gram → (0+1)/(0+1) = 1
        // closest reference length to c = 3 is 3: BP = 1.  BLEU = (2/3 · 2/3 · 1/2)^(1/4) = (2/9)^(1/4)
        assertEquals(SelfBleu.bleu(t("the the the"), List.of(t("the cat"), t("the the dog"))),
                Math.pow(2.0 / 9, 0.25), 1e-12);
    }

    @Test
    public void shortHypothesesPayTheBrevityPenalty() {
        // h = the cat (c = 2), r = the cat sat on (4): p1 = 1, p2 = (1+1)/(1+1) = 1, p3 = p4 = 1/1
        // BP = exp(1 − 4/2) = e^−1
        assertEquals(SelfBleu.bleu(t("the cat"), List.of(t("the cat sat on"))), Math.exp(-1), 1e-12);
        // two references as close (2 and 4 tokens around c = 3): the shorter counts, so c > r and BP = 1;
        // p1 = 3/3, p2: "a b", "b c" match → (2+1)/(2+1); p3: "a b c" does not → 1/2; p4 → 1
        assertEquals(SelfBleu.bleu(t("a b c"), List.of(t("a b"), t("b c x y"))), Math.pow(0.5, 0.25), 1e-12);
    }

    @Test
    public void identicalSamplesScoreOneAndDisjointOnesZero() {
        assertEquals(SelfBleu.of(List.of("Roses are red", "roses are red!", "ROSES ARE RED")), 1.0, 1e-12);
        assertEquals(SelfBleu.of(List.of("sun", "rain", "snow")), 0.0);
        assertEquals(SelfBleu.bleu(List.of(), List.of(t("a"))), 0.0);
    }

    @Test
    public void selfBleuAveragesEachSampleAgainstTheOthers() {
        // samples: A = "a b", B = "a b", C = "c d"
        // A against {B, C}: all n-grams of A are in B → p1 = 1, p2 = 2/2, p3 = p4 = 1; c = 2 = r → 1
        // B likewise 1;  C against {A, B}: no unigram matches → 0.  Self-BLEU = (1 + 1 + 0) / 3
        assertEquals(SelfBleu.of(List.of("a b", "a b", "c d")), 2.0 / 3, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SelfBleu.of(List.of("only one")));
    }
}
