package org.rlhf4j.model.parity;

import java.util.Arrays;

/**
 * How far this implementation is from Hugging Face transformers on one reference folder.
 *
 * @param maxLogitError max |logit − reference| over every row, position and vocabulary entry
 * @param maxTokenLogProbError max |log p(next token) − reference|
 * @param meanLossError |mean next-token NLL − transformers' loss|
 * @param maxRewardError max |reward-model score − reference| (NaN when the folder has no reward model)
 * @param greedyExpected transformers' greedy continuation
 * @param greedyActual ours, decoded with the KV cache
 */
public record ParityReport(double maxLogitError, double maxTokenLogProbError, double meanLossError,
        double maxRewardError, int[] greedyExpected, int[] greedyActual) {

    public boolean greedyMatches() {
        return Arrays.equals(greedyExpected, greedyActual);
    }

    /** Every error within {@code tolerance} and the greedy continuation identical, token for token. */
    public boolean passes(double tolerance) {
        return maxLogitError <= tolerance && maxTokenLogProbError <= tolerance && meanLossError <= tolerance
                && (Double.isNaN(maxRewardError) || maxRewardError <= tolerance) && greedyMatches();
    }

    /** Human-readable lines, one per quantity. */
    public String describe() {
        return String.format("max |logit error|          %.3e%n"
                + "max |token log-prob error| %.3e%n"
                + "|mean NLL loss error|       %.3e%n"
                + "max |reward score error|    %.3e%n"
                + "greedy continuation         %s (expected %s, got %s)",
                maxLogitError, maxTokenLogProbError, meanLossError, maxRewardError,
                greedyMatches() ? "identical" : "DIFFERENT", Arrays.toString(greedyExpected),
                Arrays.toString(greedyActual));
    }
}
