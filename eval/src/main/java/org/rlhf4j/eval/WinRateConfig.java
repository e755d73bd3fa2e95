package org.rlhf4j.eval;

import org.rlhf4j.data.format.Axis;

/**
 * How {@link WinRate} compares two answers to one prompt.
 *
 * @param tieEpsilon scores within this distance are a tie: {@code |s_a − s_b| <= tieEpsilon}; in [0, 1);
 *     default 0.05 (a twentieth of the judge's scale, so float noise and near-equal answers do not count as wins)
 * @param axis the judge score compared; default {@link Axis#HELPFULNESS} (paper Fig. 11 reports helpfulness win rates)
 */
public record WinRateConfig(double tieEpsilon, Axis axis) {

    public WinRateConfig {
        if (!(tieEpsilon >= 0 && tieEpsilon < 1)) {
            throw new IllegalArgumentException("tieEpsilon must be in [0, 1), got " + tieEpsilon);
        }
        if (axis == null) {
            throw new IllegalArgumentException("axis is required");
        }
    }

    /** The documented defaults: tie within 0.05, helpfulness. */
    public static WinRateConfig defaults() {
        return new WinRateConfig(0.05, Axis.HELPFULNESS);
    }
}
