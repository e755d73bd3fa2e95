package org.rlhf4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of a head-to-head comparison of model A against model B on the same prompts.
 *
 * @param wins prompts where A's answer scores more than B's by over the tie epsilon
 * @param ties prompts where the scores are within the tie epsilon
 * @param losses prompts where B's answer scores more by over the tie epsilon
 */
public record WinTieLoss(int wins, int ties, int losses) {

    public WinTieLoss {
        if (wins < 0 || ties < 0 || losses < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /** Number of prompts compared. */
    public int total() {
        return wins + ties + losses;
    }

    /** wins / total; {@code NaN} for no prompts. */
    public double winRate() {
        return share(wins);
    }

    /** ties / total; {@code NaN} for no prompts. */
    public double tieRate() {
        return share(ties);
    }

    /** losses / total; {@code NaN} for no prompts. */
    public double lossRate() {
        return share(losses);
    }

    /** wins of total with its Wilson 95% interval. */
    public WilsonRate winInterval() {
        return WilsonRate.of(wins, total());
    }

    /** ties of total with its Wilson 95% interval. */
    public WilsonRate tieInterval() {
        return WilsonRate.of(ties, total());
    }

    /** losses of total with its Wilson 95% interval. */
    public WilsonRate lossInterval() {
        return WilsonRate.of(losses, total());
    }

    /**
     * The counts and rates under JSON names ({@code wins}, {@code ties}, {@code losses}, {@code win_rate}, ...), each
     * rate followed by its Wilson 95% interval as {@code [low, high]} ({@code win_rate_ci95}, ...).
     */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wins", wins);
        out.put("ties", ties);
        out.put("losses", losses);
        out.put("win_rate", total() == 0 ? null : winRate());
        out.put("win_rate_ci95", winInterval().ci95());
        out.put("tie_rate", total() == 0 ? null : tieRate());
        out.put("tie_rate_ci95", tieInterval().ci95());
        out.put("loss_rate", total() == 0 ? null : lossRate());
        out.put("loss_rate_ci95", lossInterval().ci95());
        return out;
    }

    private double share(int count) {
        int n = total();
        return n == 0 ? Double.NaN : (double) count / n;
    }
}
