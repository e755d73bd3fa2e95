package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The bootstrap preference set (ARENA.md item 5, the analogue of the open-source data that bootstrapped the
 * paper's first reward models): for every training prompt and every applicable {@link Corruption}, the gold answer
 * against the corrupted one, in random order, labelled by a {@link SimulatedAnnotator} on the corruption's axis.
 */
public final class BootstrapPreferences {

    /** The source tag of the bootstrap pairs. */
    public static final String SOURCE = "arena-bootstrap";

    /** The pairs kept, and how many the safety protocol dropped (unsafe chosen over safe). */
    public record Result(List<PreferencePair> pairs, int dropped) {}

    private BootstrapPreferences() {}

    /** Builds the bootstrap pairs from the training prompts. */
    public static Result build(PromptSplits prompts, SimulatedAnnotator annotator, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "bootstrap");
        List<PreferencePair> pairs = new ArrayList<>();
        int dropped = 0;
        for (PromptRecord p : prompts.train()) {
            ArenaTask task = prompts.tasks().get(p.id());
            for (Corruption kind : Corruption.values()) {
                if (!kind.appliesTo(task)) {
                    continue;
                }
                String corrupted = Corruptor.corrupt(task, kind, rng);
                boolean goldFirst = rng.nextBoolean();
                Optional<PreferencePair> pair = annotator.annotate(
                        "bootstrap-" + p.id() + "-" + kind.name().toLowerCase(), p,
                        goldFirst ? task.gold() : corrupted, goldFirst ? corrupted : task.gold(), kind.axis(task),
                        SOURCE, rng);
                if (pair.isPresent()) {
                    pairs.add(pair.get());
                } else {
                    dropped++;
                }
            }
        }
        return new Result(pairs, dropped);
    }
}
