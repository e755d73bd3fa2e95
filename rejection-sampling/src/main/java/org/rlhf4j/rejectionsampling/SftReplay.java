package org.rlhf4j.rejectionsampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Dialog;

/**
 * SFT replay: the SFT demonstrations mixed back into a fine-tuning on selected samples, so that the fine-tuned model
 * keeps what SFT taught it where the reward models cannot tell a right answer from a wrong one. The paper fine-tunes
 * on the selections alone (§3.2.3) and met the cost of that — RLHF-V3 forgot how to rhyme — with the pool of all
 * iterations; mixing the earlier training data back in is InstructGPT's answer to the same "alignment tax"
 * (PPO-ptx, Ouyang et al. 2022). The number replayed is a config field ({@code sft_replay}, a multiple of the number
 * of selections); 0 is the paper's recipe.
 *
 * <p>Which demonstrations may be replayed is a second config field ({@code sft_replay_keep}): the share of them, by
 * the current reward function, that stay eligible ({@link org.rlhf4j.rewardmodel.DemonstrationRanking}).
 * Demonstrations are written by people and carry their writers' slips — a needless refusal of a safe question, a
 * wrong number — and replaying them at every iteration teaches those slips again; filtering the replay by the reward
 * models is rejection sampling applied to the demonstrations themselves. 1 (every demonstration) is the default.
 *
 * <p>The replayed demonstrations are drawn without replacement from the demonstrations file with
 * {@code SplittableRandom(seed)}, so a seed gives the same mixture; at most all of them are replayed. Selections
 * come first, then the replayed demonstrations in file order (the SFT trainer shuffles with its own seed).
 */
public final class SftReplay {

    private SftReplay() {}

    /**
     * The fine-tuning dialogs: every selection, then {@code round(ratio × selections)} demonstrations (at most all).
     *
     * @param selections the selected answers as SFT dialogs
     * @param demonstrations the SFT demonstrations to replay from
     * @param ratio demonstrations replayed per selection, ≥ 0 (0: the selections alone)
     * @param seed which demonstrations are drawn
     * @throws IllegalArgumentException for a negative or non-finite ratio, or a replayed dialog whose id is also a
     *     selection's (ids must stay unique in one training file)
     */
    public static List<Dialog> mix(List<Dialog> selections, List<Dialog> demonstrations, double ratio, long seed) {
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("sft_replay must be finite and >= 0, got " + ratio);
        }
        int wanted = (int) Math.min(demonstrations.size(), Math.round(ratio * selections.size()));
        List<Dialog> out = new ArrayList<>(selections);
        if (wanted == 0) {
            return out;
        }
        // Partial Fisher–Yates over the indices: the first `wanted` positions are a uniform draw without replacement.
        int[] order = new int[demonstrations.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] drawn = Arrays.copyOf(order, wanted);
        Arrays.sort(drawn);
        Set<String> ids = new HashSet<>();
        selections.forEach(d -> ids.add(d.id()));
        for (int index : drawn) {
            Dialog d = demonstrations.get(index);
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("replayed demonstration id '" + d.id()
                        + "' is also a selection's (or appears twice): ids must be unique in one training file");
            }
            out.add(d);
        }
        return out;
    }
}
