package org.rlhf4j.rewardmodel;

import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;

/**
 * A preference pair as the reward model reads it: both responses laid out by {@link RewardModelInput}, the rating
 * (for the margin) and what the safety label says about each response.
 *
 * @param chosen ids of prompt + chosen response + EOS
 * @param rejected ids of prompt + rejected response + EOS
 * @param rating the annotator's rating
 * @param chosenSafe 1 safe, 0 unsafe, −1 unknown (a helpfulness pair)
 * @param rejectedSafe the same for the rejected response
 */
public record TokenizedPair(int[] chosen, int[] rejected, Rating rating, int chosenSafe, int rejectedSafe) {

    /** Tokenises {@code pair}. */
    public static TokenizedPair of(PreferencePair pair, ChatFormat format, LlamaTokenizer tokenizer) {
        int[] chosen = RewardModelInput.of(format, tokenizer, pair.prompt(), pair.chosen());
        int[] rejected = RewardModelInput.of(format, tokenizer, pair.prompt(), pair.rejected());
        return new TokenizedPair(chosen, rejected, pair.rating(), chosenSafe(pair.safetyLabel()),
                rejectedSafe(pair.safetyLabel()));
    }

    /** Whether the chosen response of a pair with {@code label} is safe: 1, 0, or −1 when there is no label. */
    public static int chosenSafe(SafetyLabel label) {
        return label == null ? -1 : label == SafetyLabel.BOTH_UNSAFE ? 0 : 1;
    }

    /** Whether the rejected response is safe: only "both safe" says so; "chosen safe" means it is unsafe. */
    public static int rejectedSafe(SafetyLabel label) {
        return label == null ? -1 : label == SafetyLabel.BOTH_SAFE ? 1 : 0;
    }

    /** The longer of the two rows. */
    public int maxLength() {
        return Math.max(chosen.length, rejected.length);
    }
}
