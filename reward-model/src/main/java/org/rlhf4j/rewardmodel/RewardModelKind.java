package org.rlhf4j.rewardmodel;

/** Which of Llama 2-Chat's two reward models (§3.2.2) a run trains; it decides the data mixture. */
public enum RewardModelKind {
    /** The Helpfulness RM: all helpfulness pairs + an equal number sampled from safety and open-source pairs. */
    HELPFULNESS,
    /** The Safety RM: all safety pairs (incl. open-source harmlessness pairs) mixed 90/10 with helpfulness pairs. */
    SAFETY;

    /** Lower-case name, as the command line and manifests spell it. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code helpfulness} or {@code safety}. */
    public static RewardModelKind parse(String s) {
        for (RewardModelKind k : values()) {
            if (k.json().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown reward-model kind '" + s + "' (expected helpfulness or safety)");
    }
}
