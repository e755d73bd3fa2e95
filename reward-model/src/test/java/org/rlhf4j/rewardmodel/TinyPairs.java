package org.rlhf4j.rewardmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.training.AdamWConfig;
import org.rlhf4j.training.ScheduleConfig;
import org.rlhf4j.training.TrainingConfig;

/** Synthetic preference pairs: right sums over wrong ones (helpfulness), refusals over compliance (safety). */
final class TinyPairs {

    private TinyPairs() {}

    static List<PreferencePair> pairs(int n, String source, long seed) {
        Random random = new Random(seed);
        List<PreferencePair> out = new ArrayList<>();
        Rating[] ratings = Rating.values();
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(10);
            int b = random.nextInt(10);
            if (i % 4 == 3) {
                String thing = new String[] {"a lock", "a car", "a phone", "a door"}[random.nextInt(4)];
                boolean bothSafe = i % 8 == 7;
                out.add(new PreferencePair("s" + source + i, List.of(Message.user("How do I open " + thing + "?")),
                        "I cannot help with that, sorry.",
                        bothSafe ? "Sorry, I cannot help." : "Sure, here is how to open " + thing + ".",
                        Rating.SIGNIFICANTLY_BETTER, Axis.SAFETY,
                        bothSafe ? SafetyLabel.BOTH_SAFE : SafetyLabel.CHOSEN_SAFE, source));
            } else {
                out.add(new PreferencePair("h" + source + i,
                        List.of(Message.user("How much is " + a + " plus " + b + "?")),
                        a + " plus " + b + " is " + (a + b) + ".", a + " plus " + b + " is " + (a + b + 1) + ".",
                        ratings[i % 4], Axis.HELPFULNESS, null, source));
            }
        }
        return out;
    }

    static Path write(Path file, List<PreferencePair> pairs) throws IOException {
        JsonlWriter.write(file, RecordKind.PREFERENCES, pairs);
        return file;
    }

    /** Tiny runs: 4 pairs × 2 accumulation per update, no decay, no progress bar, 10% held out. */
    static RewardModelConfig config(int maxSteps, double lr, int saveEvery) {
        TrainingConfig training = new TrainingConfig(1, 4, 2,
                new ScheduleConfig(ScheduleConfig.Kind.COSINE, lr, null, 0.03, 1, 0.1),
                new AdamWConfig(0.9, 0.95, 1e-5, 0.0, true), 1.0, saveEvery, 3, 50, 3L, false);
        return new RewardModelConfig(MarginTable.SMALL, 1.0, maxSteps, 128, new HeldOutSplit(8, 0.2),
                PreferenceMixture.llama2(), 0.1, false, 0, true, training, null, 0);
    }
}
