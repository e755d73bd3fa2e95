package org.rlhf4j.data.hh;

import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;

/**
 * How HH-RLHF pairs become {@link org.rlhf4j.data.format.PreferencePair}s. HH records only which answer was
 * preferred, so the fields our format has and HH lacks are set here.
 *
 * @param subset helpful (axis helpfulness) or harmless (axis safety)
 * @param rating the rating every imported pair gets. Default {@link Rating#NEGLIGIBLY_BETTER}: its margin is 0 in
 *     both of the paper's margin tables, so HH pairs train with the plain binary ranking loss, adding no strength of
 *     preference that HH never recorded
 * @param harmlessSafetyLabel the safety label of every harmless pair (our format requires one on the safety axis;
 *     ignored for helpful). Default {@link SafetyLabel#BOTH_UNSAFE}: HH says only that the chosen answer is <i>less</i>
 *     harmful, never that either answer is safe, and both_unsafe is the label that claims least. Analyses that
 *     break results down by safety label should filter on {@code source}.
 */
public record HhImportConfig(HhSubset subset, Rating rating, SafetyLabel harmlessSafetyLabel) {

    public HhImportConfig {
        if (subset == null || rating == null || harmlessSafetyLabel == null) {
            throw new IllegalArgumentException("HH import config needs a subset, a rating and a harmless safety label");
        }
    }

    /** The documented defaults for {@code subset}. */
    public static HhImportConfig defaults(HhSubset subset) {
        return new HhImportConfig(subset, Rating.NEGLIGIBLY_BETTER, SafetyLabel.BOTH_UNSAFE);
    }
}
