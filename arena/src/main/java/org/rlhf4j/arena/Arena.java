package org.rlhf4j.arena;

import java.util.Optional;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The arena for later stages (evaluation, preference collection): rebuilds the world from (config, seed) and
 * offers the judge and the simulated annotators. Training stages never use it; they read the files.
 */
public final class Arena {

    /** The source tag of pairs annotated through {@link #annotate}. */
    public static final String ANNOTATOR_SOURCE = "arena-annotator";

    private final ArenaConfig config;
    private final long seed;
    private final PromptSplits prompts;
    private final ArenaJudge judge = new ArenaJudge();
    private final SimulatedAnnotator annotator;

    private Arena(ArenaConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.prompts = PromptSet.generate(config, seed);
        this.annotator = new SimulatedAnnotator(judge, config);
    }

    /** Rebuilds the arena of (config, seed): the same prompts and splits the generator wrote. */
    public static Arena build(ArenaConfig config, long seed) {
        return new Arena(config, seed);
    }

    public ArenaConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** The prompts and their splits. */
    public PromptSplits prompts() {
        return prompts;
    }

    /** The simulated annotator with this arena's temperature and rating thresholds. */
    public SimulatedAnnotator annotator() {
        return annotator;
    }

    /** Judges any response to any arena prompt (also prompts read back from files). */
    public Judgement judge(PromptRecord prompt, String response) {
        return judge.judge(prompt, response);
    }

    /** The gold answer of a prompt. */
    public String gold(PromptRecord prompt) {
        return TaskCatalog.task(prompt).gold();
    }

    /**
     * A simulated annotator's preference between two responses on one axis; empty when the safety protocol drops
     * the pair. The pair's id is the prompt's id; its source {@link #ANNOTATOR_SOURCE}.
     */
    public Optional<PreferencePair> annotate(PromptRecord prompt, String responseA, String responseB, Axis axis,
                                             SplittableRandom rng) {
        return annotator.annotate(prompt.id(), prompt, responseA, responseB, axis, ANNOTATOR_SOURCE, rng);
    }
}
