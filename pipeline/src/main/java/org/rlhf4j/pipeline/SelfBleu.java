package org.rlhf4j.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Self-BLEU (Zhu et al. 2018, "Texygen"; Llama 2 §5.1, Fig. 21, measures the diversity of a model's answers with
 * it): each of S samples for one prompt is scored by BLEU against the other S − 1 as references, and the S scores are
 * averaged. 1 means every sample is the same text; lower means more diverse answers.
 *
 * <p>BLEU here (Papineni et al. 2002 with the add-one smoothing of Lin &amp; Och 2004, "BLEU+1", which keeps short
 * texts from scoring 0 whenever they lack a 4-gram): for a hypothesis h of c tokens and references R,
 * <pre>
 * m_n = Σ_g min(count_h(g), max_{r∈R} count_r(g))   over the n-grams g of h (clipped matches)
 * d_n = number of n-grams of h = max(0, c − n + 1)
 * p_1 = m_1 / d_1,   p_n = (m_n + 1) / (d_n + 1) for n = 2 … N
 * BP  = 1 if c &gt; r, else exp(1 − r / c),  r = the reference length closest to c (the shorter of two as close)
 * BLEU = BP · (Π_n p_n)^(1/N)
 * </pre>
 * with N = {@value #MAX_ORDER} and uniform weights; an empty hypothesis scores 0. Texts are tokenised by
 * {@link #tokens}: lower-cased runs of letters, digits and apostrophes (punctuation is not a token).
 */
public final class SelfBleu {

    /** The largest n-gram order, N. */
    public static final int MAX_ORDER = 4;

    private SelfBleu() {}

    /** Lower-cased runs of letters, digits and apostrophes, in order. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Smoothed sentence BLEU of one hypothesis against references (the formula above).
     *
     * @param hypothesis the hypothesis' tokens (c of them)
     * @param references at least one reference, each a list of tokens
     * @return BLEU in [0, 1]
     */
    public static double bleu(List<String> hypothesis, List<List<String>> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("BLEU needs at least one reference");
        }
        int c = hypothesis.size();
        if (c == 0) {
            return 0.0;
        }
        double logPrecision = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            Map<List<String>, Integer> hyp = ngrams(hypothesis, n);
            Map<List<String>, Integer> maxRef = new HashMap<>();
            for (List<String> ref : references) {
                ngrams(ref, n).forEach((g, k) -> maxRef.merge(g, k, Math::max));
            }
            int matches = 0;
            for (Map.Entry<List<String>, Integer> e : hyp.entrySet()) {
                matches += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
            int total = Math.max(0, c - n + 1);
            double p = n == 1 ? (double) matches / total : (matches + 1.0) / (total + 1.0);
            if (p == 0) {
                return 0.0;
            }
            logPrecision += Math.log(p) / MAX_ORDER;
        }
        int r = references.get(0).size();
        for (List<String> ref : references) {
            int d = Math.abs(ref.size() - c);
            int best = Math.abs(r - c);
            if (d < best || (d == best && ref.size() < r)) {
                r = ref.size();
            }
        }
        double brevity = c > r ? 1.0 : Math.exp(1.0 - (double) r / c);
        return brevity * Math.exp(logPrecision);
    }

    /**
     * Self-BLEU of S ≥ 2 samples: the mean over i of {@code bleu(sample_i, all other samples)}.
     *
     * @param samples the texts (tokenised with {@link #tokens})
     */
    public static double of(List<String> samples) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("Self-BLEU needs at least 2 samples, got " + samples.size());
        }
        List<List<String>> tokenised = samples.stream().map(SelfBleu::tokens).toList();
        double sum = 0;
        for (int i = 0; i < tokenised.size(); i++) {
            List<List<String>> others = new ArrayList<>(tokenised);
            others.remove(i);
            sum += bleu(tokenised.get(i), others);
        }
        return sum / tokenised.size();
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return out;
    }
}
