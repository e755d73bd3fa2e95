package org.rlhf4j.data.hh;

import org.rlhf4j.data.format.Axis;

/**
 * The two halves of Anthropic's HH-RLHF preference data (Bai et al. 2022) that Llama 2 mixes into its reward-model
 * training (§3.2.2): the helpful set (e.g. {@code helpful-base}) and the harmless set ({@code harmless-base}), where
 * the chosen answer is the less harmful one.
 */
public enum HhSubset {
    HELPFUL("helpful", Axis.HELPFULNESS),
    HARMLESS("harmless", Axis.SAFETY);

    private final String cliName;
    private final Axis axis;

    HhSubset(String cliName, Axis axis) {
        this.cliName = cliName;
        this.axis = axis;
    }

    /** {@code helpful} or {@code harmless}. */
    public String cliName() {
        return cliName;
    }

    /** The axis the pairs are annotated for: helpfulness or safety. */
    public Axis axis() {
        return axis;
    }

    /** The {@code source} field of the imported pairs: {@code anthropic-hh-helpful} or {@code anthropic-hh-harmless}. */
    public String source() {
        return "anthropic-hh-" + cliName;
    }

    /** The subset called {@code name} on the command line. */
    public static HhSubset fromCliName(String name) {
        for (HhSubset s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown HH subset '" + name + "' (expected helpful or harmless)");
    }
}
