package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.rlhf4j.data.format.Rating;

/**
 * The margin {@code m(r)} of the ranking loss by preference rating (Llama 2 §3.2.2, Table 27): a pair the annotator
 * rated as significantly better must be separated by a larger score gap than a negligibly better one. The paper
 * reports that the small table helps helpfulness accuracy on the more separable pairs and the large one can hurt the
 * similar pairs; the RM config's default is {@link #SMALL}.
 *
 * <pre>
 *            significantly  better  slightly  negligibly
 *   NONE           0           0       0          0
 *   SMALL          1          2/3     1/3         0
 *   LARGE          3           2       1          0
 * </pre>
 */
public enum MarginTable {
    /** No margin (InstructGPT's loss, eq. 1). */
    @JsonProperty("none") NONE(0, 0, 0, 0),
    /** The paper's "margin small". */
    @JsonProperty("small") SMALL(1, 2.0 / 3, 1.0 / 3, 0),
    /** The paper's "margin large". */
    @JsonProperty("large") LARGE(3, 2, 1, 0);

    private final double significantlyBetter;
    private final double better;
    private final double slightlyBetter;
    private final double negligiblyBetter;

    MarginTable(double significantlyBetter, double better, double slightlyBetter, double negligiblyBetter) {
        this.significantlyBetter = significantlyBetter;
        this.better = better;
        this.slightlyBetter = slightlyBetter;
        this.negligiblyBetter = negligiblyBetter;
    }

    /** The margin for {@code rating}. */
    public double margin(Rating rating) {
        return switch (rating) {
            case SIGNIFICANTLY_BETTER -> significantlyBetter;
            case BETTER -> better;
            case SLIGHTLY_BETTER -> slightlyBetter;
            case NEGLIGIBLY_BETTER -> negligiblyBetter;
        };
    }

    /** The margins of a batch of pairs, in order (float, for the loss tensor). */
    public float[] margins(List<Rating> ratings) {
        float[] out = new float[ratings.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) margin(ratings.get(i));
        }
        return out;
    }
}
