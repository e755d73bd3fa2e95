package org.rlhf4j.rewardmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demonstrations ranked by the reward models, so that a stage which replays SFT demonstrations (rejection sampling's
 * fine-tuning, PPO-ptx) can replay only the share the current reward function ranks highest. Demonstrations are
 * written by people and carry their writers' slips — a needless refusal of a safe question, a wrong number — and
 * replaying them teaches those slips again; this is rejection sampling applied to the demonstrations themselves.
 *
 * <p>A demonstration's reward is that of its last assistant turn given the turns before it; its tag
 * {@code is_safety} ({@code "true"}) is the prompt's IS_SAFETY flag. The two reward models' scores are not on one
 * scale, so the share is taken within each branch of the reward function ({@link RewardFunction#fromSafety}).
 */
public final class DemonstrationRanking {

    private static final Logger LOG = LoggerFactory.getLogger(DemonstrationRanking.class);

    private DemonstrationRanking() {}

    /**
     * The demonstrations that stay eligible for replay: within each branch of the reward function (the demonstrations
     * rewarded by the Safety RM, and those rewarded by the Helpfulness RM, whose scores are not on one scale), the
     * {@code ceil(keep × n)} with the highest reward; equal rewards keep the earlier one. File order is kept.
     *
     * @param demonstrations the demonstrations, in file order
     * @param rewards each demonstration's reward (its last assistant turn, under the iteration's reward function)
     * @param safetyBranch whether each reward came from the Safety RM
     * @param keep the share kept in each branch, in (0, 1]
     * @throws IllegalArgumentException for arrays of another length or {@code keep} outside (0, 1]
     */
    public static List<Dialog> eligible(List<Dialog> demonstrations, float[] rewards, boolean[] safetyBranch,
                                        double keep) {
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep must be in (0, 1], got " + keep);
        }
        int n = demonstrations.size();
        if (rewards.length != n || safetyBranch.length != n) {
            throw new IllegalArgumentException(n + " demonstrations but " + rewards.length + " rewards and "
                    + safetyBranch.length + " branch flags");
        }
        boolean[] kept = new boolean[n];
        for (boolean branch : new boolean[] {false, true}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (safetyBranch[i] == branch) {
                    members.add(i);
                }
            }
            // Stable sort: among equal rewards the earlier demonstration ranks first.
            members.sort((a, b) -> Float.compare(rewards[b], rewards[a]));
            int wanted = (int) Math.ceil(keep * members.size() - 1e-9);
            for (int i = 0; i < wanted; i++) {
                kept[members.get(i)] = true;
            }
        }
        List<Dialog> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (kept[i]) {
                out.add(demonstrations.get(i));
            }
        }
        return out;
    }

    /**
     * The demonstrations the reward function ranks in its top {@code keep} ({@link #eligible}), in file order;
     * demonstrations longer than the reward models' context cannot be ranked and stay. At {@code keep} 1 every
     * demonstration stays and no model is opened.
     *
     * @param file where the demonstrations came from (for messages)
     * @param field the config field that set {@code keep} (for messages)
     * @throws IllegalArgumentException when a reward model is missing, or a demonstration does not end with an
     *     assistant turn ({@code file:line})
     */
    public static List<Dialog> topShare(List<Dialog> demonstrations, Path file, Path helpfulnessRmDir,
                                        Path safetyRmDir, RewardFunction f, double keep, String field)
            throws IOException {
        if (keep >= 1) {
            return List.copyOf(demonstrations);
        }
        if (helpfulnessRmDir == null || safetyRmDir == null) {
            throw new IllegalArgumentException(field + " " + keep + " ranks the demonstrations by the reward models:"
                    + " give the helpfulness and safety reward models, or set " + field + ": 1");
        }
        List<Dialog> ranked = new ArrayList<>();
        List<List<Message>> prompts = new ArrayList<>();
        List<String> responses = new ArrayList<>();
        boolean[] fits = new boolean[demonstrations.size()];
        float[] rewards;
        boolean[] fromSafety;
        try (RewardModels rms = RewardModels.open(helpfulnessRmDir, safetyRmDir)) {
            for (int i = 0; i < demonstrations.size(); i++) {
                List<Message> messages = demonstrations.get(i).messages();
                Message last = messages.get(messages.size() - 1);
                if (last.role() != Role.ASSISTANT) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": messages: a demonstration must end"
                            + " with an assistant turn");
                }
                List<Message> prompt = messages.subList(0, messages.size() - 1);
                fits[i] = rms.helpfulness().fits(prompt, last.content()) && rms.safety().fits(prompt, last.content());
                if (fits[i]) {
                    ranked.add(demonstrations.get(i));
                    prompts.add(prompt);
                    responses.add(last.content());
                }
            }
            float[] h = rms.helpfulness().score(prompts, responses);
            float[] s = rms.safety().score(prompts, responses);
            rewards = new float[ranked.size()];
            fromSafety = new boolean[ranked.size()];
            for (int i = 0; i < rewards.length; i++) {
                boolean isSafety = ranked.get(i).tags() != null && "true".equals(ranked.get(i).tags().get("is_safety"));
                rewards[i] = (float) f.reward(h[i], s[i], isSafety);
                fromSafety[i] = f.fromSafety(s[i], isSafety);
            }
        }
        List<Dialog> kept = eligible(ranked, rewards, fromSafety, keep);
        // Merge back in file order: the kept ranked ones and every unranked one.
        List<Dialog> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < demonstrations.size(); i++) {
            if (!fits[i]) {
                out.add(demonstrations.get(i));
            } else if (next < kept.size() && kept.get(next) == demonstrations.get(i)) {
                out.add(demonstrations.get(i));
                next++;
            }
        }
        LOG.info("{} {}: {} of {} demonstrations of {} kept (the top share of each reward branch; {} too long to"
                + " rank)", field, keep, out.size(), demonstrations.size(), file,
                demonstrations.size() - ranked.size());
        return out;
    }
}
