package org.rlhf4j.rewardmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;

/**
 * Which training pairs each reward model sees (Llama 2 §3.2.2, "Data Composition"):
 *
 * <ul>
 *   <li><b>Helpfulness RM</b>: all collected helpfulness pairs, plus {@code otherToHelpfulnessRatio} × as many
 *       pairs sampled uniformly (without replacement) from the rest: collected safety pairs and open-source pairs
 *       (paper: an equal number, ratio 1). In the bootstrap round, before any pairs were collected, the open-source
 *       helpfulness pairs take the collected ones' place (the paper's first RMs were trained on open-source data).
 *   <li><b>Safety RM</b>: all safety pairs, collected and open-source (e.g. Anthropic HH harmless), mixed with
 *       helpfulness pairs (collected and open-source) sampled uniformly so that safety pairs are
 *       {@code safetyShare} of the mixture (paper: 90/10).
 * </ul>
 *
 * A pair is open-source when its {@code source} starts with one of {@code openSourcePrefixes} (default: the arena's
 * bootstrap set {@code arena-bootstrap} and imported {@code anthropic-hh}); every other source counts as collected.
 * Sampling is seeded; the result keeps the inputs' order.
 *
 * @param otherToHelpfulnessRatio pairs sampled from safety and open-source data per helpfulness pair (paper: 1)
 * @param safetyShare the safety pairs' share of the Safety RM's mixture, in (0, 1] (paper: 0.9)
 * @param openSourcePrefixes source prefixes of open-source (bootstrap) pairs
 */
public record PreferenceMixture(
        @JsonProperty("other_to_helpfulness_ratio") double otherToHelpfulnessRatio,
        @JsonProperty("safety_share") double safetyShare,
        @JsonProperty("open_source_prefixes") List<String> openSourcePrefixes) {

    public PreferenceMixture {
        if (!(otherToHelpfulnessRatio >= 0) || Double.isInfinite(otherToHelpfulnessRatio)) {
            throw new IllegalArgumentException("mixture.other_to_helpfulness_ratio must be finite and >= 0, got "
                    + otherToHelpfulnessRatio);
        }
        if (!(safetyShare > 0 && safetyShare <= 1)) {
            throw new IllegalArgumentException("mixture.safety_share must be in (0, 1], got " + safetyShare);
        }
        openSourcePrefixes = List.copyOf(openSourcePrefixes == null ? List.of() : openSourcePrefixes);
    }

    /** The paper's mixtures: ratio 1, safety share 0.9; open-source = arena bootstrap and Anthropic HH. */
    public static PreferenceMixture llama2() {
        return new PreferenceMixture(1.0, 0.9, List.of("arena-bootstrap", "anthropic-hh"));
    }

    /** Whether {@code pair} comes from an open-source (bootstrap) set rather than from collection. */
    public boolean isOpenSource(PreferencePair pair) {
        for (String prefix : openSourcePrefixes) {
            if (pair.source() != null && pair.source().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The training pairs of a {@code kind} reward model out of all training pairs. */
    public List<PreferencePair> select(RewardModelKind kind, List<PreferencePair> pairs, long seed) {
        List<Integer> base = new ArrayList<>();
        List<Integer> pool = new ArrayList<>();
        int sampleSize;
        if (kind == RewardModelKind.HELPFULNESS) {
            boolean anyCollected = pairs.stream().anyMatch(p -> p.axis() == Axis.HELPFULNESS && !isOpenSource(p));
            for (int i = 0; i < pairs.size(); i++) {
                PreferencePair p = pairs.get(i);
                boolean isBase = p.axis() == Axis.HELPFULNESS && (anyCollected ? !isOpenSource(p) : isOpenSource(p));
                (isBase ? base : pool).add(i);
            }
            sampleSize = (int) Math.round(otherToHelpfulnessRatio * base.size());
        } else {
            for (int i = 0; i < pairs.size(); i++) {
                (pairs.get(i).axis() == Axis.SAFETY ? base : pool).add(i);
            }
            sampleSize = (int) Math.round(base.size() * (1 - safetyShare) / safetyShare);
        }
        Collections.shuffle(pool, new Random(seed));
        List<Integer> chosen = new ArrayList<>(base);
        chosen.addAll(pool.subList(0, Math.min(sampleSize, pool.size())));
        Collections.sort(chosen);
        List<PreferencePair> out = new ArrayList<>(chosen.size());
        for (int i : chosen) {
            out.add(pairs.get(i));
        }
        return out;
    }
}
