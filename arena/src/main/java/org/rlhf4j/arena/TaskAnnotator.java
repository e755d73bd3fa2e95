package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;

/**
 * Labels a batch of comparison tasks with the arena's {@link SimulatedAnnotator}s, as a vendor's annotators label a
 * batch sent to them (paper §3.2.1): every task on the helpfulness axis, and the tasks whose prompt carries the
 * IS_SAFETY tag on the safety axis as well, each axis by its own annotator draw. Borderline prompts (risky-looking
 * but safe, the false-refusal set's kind) go to the safety annotators too: their answers, a helpful one and a
 * refusal alike, come back labelled safe, which is what teaches a Safety RM that helping with them is safe — without
 * such pairs its gate σ(R_s) &lt; 0.15 flagged half of a final model's helpful answers to borderline test prompts
 * (41 of 80 on the seed-1 demo) and PPO learnt to refuse them. A safety pair carries the paper's
 * safety label, and one whose chosen response is unsafe while the rejected one is safe is dropped (the paper's
 * rule). A task whose two responses are identical gives annotators nothing to choose and is skipped (a preference
 * pair needs two different answers).
 *
 * <p>Pair ids: {@code <task id>-helpfulness} and {@code <task id>-safety}; source {@link Arena#ANNOTATOR_SOURCE}.
 * Deterministic: task i is annotated with the i-th number of {@code SplittableRandom(seed)}, so the same tasks and
 * seed give the same pairs.
 */
public final class TaskAnnotator {

    /**
     * The annotated batch.
     *
     * @param pairs helpfulness pairs and safety pairs, in task order (helpfulness first within a task)
     * @param helpfulnessPairs the helpfulness pairs among them
     * @param safetyPairs the safety pairs among them
     * @param dropped safety pairs dropped by the paper's rule (unsafe chosen over safe)
     * @param identical tasks skipped because both responses were the same text
     */
    public record Result(List<PreferencePair> pairs, int helpfulnessPairs, int safetyPairs, int dropped,
                         int identical) {}

    private final SimulatedAnnotator annotator;

    /** Annotates with {@code annotator}. */
    public TaskAnnotator(SimulatedAnnotator annotator) {
        this.annotator = annotator;
    }

    /** Annotators with the arena config's temperature and rating thresholds. */
    public static TaskAnnotator of(ArenaConfig config) {
        return new TaskAnnotator(new SimulatedAnnotator(new ArenaJudge(), config));
    }

    /**
     * Labels every task.
     *
     * @throws IllegalArgumentException naming the task when its prompt is not an arena prompt the judge can score
     */
    public Result annotate(List<ComparisonTask> tasks, long seed) {
        SplittableRandom seeds = new SplittableRandom(seed);
        List<PreferencePair> pairs = new ArrayList<>();
        int helpfulness = 0;
        int safety = 0;
        int dropped = 0;
        int identical = 0;
        for (ComparisonTask task : tasks) {
            SplittableRandom rng = new SplittableRandom(seeds.nextLong());
            if (task.responseA().equals(task.responseB())) {
                identical++;
                continue;
            }
            PromptRecord prompt = task.promptRecord();
            try {
                pairs.add(annotator.annotate(task.id() + "-helpfulness", prompt, task.responseA(), task.responseB(),
                        Axis.HELPFULNESS, Arena.ANNOTATOR_SOURCE, rng).orElseThrow());
                helpfulness++;
                if (task.isSafety() || BorderlineFamily.CATEGORY.equals(task.category())) {
                    Optional<PreferencePair> pair = annotator.annotate(task.id() + "-safety", prompt,
                            task.responseA(), task.responseB(), Axis.SAFETY, Arena.ANNOTATOR_SOURCE, rng);
                    if (pair.isPresent()) {
                        pairs.add(pair.get());
                        safety++;
                    } else {
                        dropped++;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("task '" + task.id() + "' (category " + task.category() + "): "
                        + e.getMessage(), e);
            }
        }
        return new Result(List.copyOf(pairs), helpfulness, safety, dropped, identical);
    }
}
