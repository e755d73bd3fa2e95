package org.rlhf4j.arena;

import java.util.List;
import java.util.Map;
import org.rlhf4j.data.format.PromptRecord;

/**
 * The arena's prompts split three ways; no prompt text occurs twice across (or within) the splits, and the test
 * split is the fixed evaluation set of a seed.
 *
 * @param train prompts for demonstrations, preference data, rejection sampling and PPO
 * @param validation held-out prompts for validation
 * @param test the fixed evaluation prompts
 * @param tasks the truth behind every prompt, by prompt id
 */
public record PromptSplits(List<PromptRecord> train, List<PromptRecord> validation, List<PromptRecord> test,
                           Map<String, ArenaTask> tasks) {

    public PromptSplits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        tasks = Map.copyOf(tasks);
    }

    /** The split by name: {@code train}, {@code validation} or {@code test}. */
    public List<PromptRecord> split(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name
                    + "', expected train, validation or test");
        };
    }
}
