package org.rlhf4j.rewardmodel;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.Rating;

/**
 * A reward model's accuracy on a test set of pairs, overall and per rating bucket (Llama 2 Table 8): a pair counts as
 * correct when the chosen response scores strictly higher than the rejected one (a tie is wrong).
 *
 * @param correct correct pairs per rating
 * @param total pairs per rating
 */
public record AccuracyTable(Map<Rating, Integer> correct, Map<Rating, Integer> total) {

    public AccuracyTable {
        correct = new EnumMap<>(correct);
        total = new EnumMap<>(total);
        for (Rating r : Rating.values()) {
            correct.putIfAbsent(r, 0);
            total.putIfAbsent(r, 0);
        }
    }

    /** The table of scored pairs: {@code chosen[i]}, {@code rejected[i]} with {@code ratings.get(i)}. */
    public static AccuracyTable of(float[] chosen, float[] rejected, List<Rating> ratings) {
        if (chosen.length != rejected.length || chosen.length != ratings.size()) {
            throw new IllegalArgumentException("chosen, rejected and ratings differ in length");
        }
        Map<Rating, Integer> correct = new EnumMap<>(Rating.class);
        Map<Rating, Integer> total = new EnumMap<>(Rating.class);
        for (int i = 0; i < chosen.length; i++) {
            Rating r = ratings.get(i);
            total.merge(r, 1, Integer::sum);
            correct.merge(r, chosen[i] > rejected[i] ? 1 : 0, Integer::sum);
        }
        return new AccuracyTable(correct, total);
    }

    /** Accuracy in one bucket, NaN when it is empty. */
    public double accuracy(Rating rating) {
        int n = total.get(rating);
        return n == 0 ? Double.NaN : (double) correct.get(rating) / n;
    }

    /** Accuracy over all pairs (the paper's "Avg"), NaN when there are none. */
    public double overall() {
        int n = pairs();
        return n == 0 ? Double.NaN : (double) correct.values().stream().mapToInt(Integer::intValue).sum() / n;
    }

    /** Number of pairs. */
    public int pairs() {
        return total.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** As JSON-ready values: overall, per rating accuracy and counts. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", nullIfNaN(overall()));
        out.put("pairs", pairs());
        Map<String, Object> perRating = new LinkedHashMap<>();
        for (Rating r : Rating.values()) {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("accuracy", nullIfNaN(accuracy(r)));
            bucket.put("pairs", total.get(r));
            perRating.put(r.json(), bucket);
        }
        out.put("per_rating", perRating);
        return out;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
