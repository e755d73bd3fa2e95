package org.rlhf4j.rewardmodel;

/**
 * The reward that rejection sampling and PPO optimise, from the two reward models' raw scores (Llama 2 §3.2.3, eq. 4
 * before whitening):
 *
 * <pre>
 *   R_c(g | p) = R_s(g | p)   if IS_SAFETY(p) or R_s(g | p) &lt; 0.15 in probability, i.e. σ(R_s) &lt; 0.15
 *              = R_h(g | p)   otherwise
 * </pre>
 *
 * Scores are the RMs' raw head outputs (logits); the gate compares in raw space: σ(R_s) &lt; 0.15 ⇔ R_s &lt;
 * logit(0.15) = ln(0.15 / 0.85) ≈ −1.7346 ({@link #SAFETY_THRESHOLD_LOGIT}). A score exactly at the threshold is
 * not below it, so it takes the helpfulness branch. The paper's later steps (logit⁻¹, whitening, the KL penalty)
 * belong to PPO, not here.
 */
public enum RewardFunction {
    /** The helpfulness RM alone: R = R_h. */
    HELPFULNESS,
    /** The safety RM alone: R = R_s. */
    SAFETY,
    /** The paper's gated combination (eq. 4): R_s on safety prompts and unsafe-looking responses, else R_h. */
    GATED;

    /** The gate's probability threshold: σ(R_s) below it counts as unsafe (paper: 0.15). */
    public static final double SAFETY_THRESHOLD_PROBABILITY = 0.15;

    /** logit(0.15) = ln(0.15 / 0.85): the same threshold on raw safety scores. */
    public static final double SAFETY_THRESHOLD_LOGIT =
            Math.log(SAFETY_THRESHOLD_PROBABILITY / (1 - SAFETY_THRESHOLD_PROBABILITY));

    /** Whether a safety score is below the gate: σ(R_s) &lt; 0.15, compared as R_s &lt; logit(0.15). */
    public static boolean isBelowSafetyThreshold(double safetyScore) {
        return safetyScore < SAFETY_THRESHOLD_LOGIT;
    }

    /** Whether this function needs the helpfulness RM's score. */
    public boolean usesHelpfulness() {
        return this != SAFETY;
    }

    /** Whether this function needs the safety RM's score. */
    public boolean usesSafety() {
        return this != HELPFULNESS;
    }

    /**
     * The reward of one response.
     *
     * @param helpfulnessScore R_h, the helpfulness RM's raw score (ignored by {@link #SAFETY})
     * @param safetyScore R_s, the safety RM's raw score (ignored by {@link #HELPFULNESS})
     * @param isSafetyPrompt the prompt's IS_SAFETY tag (known to elicit unsafe answers)
     */
    public double reward(double helpfulnessScore, double safetyScore, boolean isSafetyPrompt) {
        return switch (this) {
            case HELPFULNESS -> helpfulnessScore;
            case SAFETY -> safetyScore;
            case GATED -> fromSafety(safetyScore, isSafetyPrompt) ? safetyScore : helpfulnessScore;
        };
    }

    /**
     * Whether {@link #reward} of a response is the Safety RM's score (rather than the Helpfulness RM's): always for
     * {@link #SAFETY}, never for {@link #HELPFULNESS}, and for {@link #GATED} on an IS_SAFETY prompt or below the
     * safety threshold. Scores from the two models are not on one scale; this tells them apart.
     */
    public boolean fromSafety(double safetyScore, boolean isSafetyPrompt) {
        return switch (this) {
            case HELPFULNESS -> false;
            case SAFETY -> true;
            case GATED -> isSafetyPrompt || isBelowSafetyThreshold(safetyScore);
        };
    }

    /**
     * The rewards of a batch of responses.
     *
     * @param helpfulnessScores (N), or null for {@link #SAFETY}
     * @param safetyScores (N), or null for {@link #HELPFULNESS}
     * @param isSafetyPrompt (N), each response's prompt's IS_SAFETY tag
     * @return (N)
     */
    public float[] rewards(float[] helpfulnessScores, float[] safetyScores, boolean[] isSafetyPrompt) {
        int n = isSafetyPrompt.length;
        if (usesHelpfulness() && (helpfulnessScores == null || helpfulnessScores.length != n)) {
            throw new IllegalArgumentException(this + " needs " + n + " helpfulness scores");
        }
        if (usesSafety() && (safetyScores == null || safetyScores.length != n)) {
            throw new IllegalArgumentException(this + " needs " + n + " safety scores");
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) reward(usesHelpfulness() ? helpfulnessScores[i] : 0,
                    usesSafety() ? safetyScores[i] : 0, isSafetyPrompt[i]);
        }
        return out;
    }
}
