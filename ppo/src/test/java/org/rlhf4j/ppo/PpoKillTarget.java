package org.rlhf4j.ppo;

import java.nio.file.Path;

/** A PPO run in its own JVM, for the kill -9 test: {@code PpoKillTarget <tiny dir> <out dir> <iterations>}. */
public final class PpoKillTarget {

    private PpoKillTarget() {}

    public static void main(String[] args) throws Exception {
        TinyPpo t = TinyPpo.at(Path.of(args[0]));
        PpoTrainer.train(t.policy, t.helpfulnessRm, t.safetyRm, t.prompts, Path.of(args[1]),
                TinyPpo.config(Integer.parseInt(args[2])), false);
    }
}
