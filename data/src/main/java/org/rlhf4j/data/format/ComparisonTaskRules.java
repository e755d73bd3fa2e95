package org.rlhf4j.data.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@link ComparisonTask}:
 *
 * <ul>
 *   <li>{@code id}, {@code category}, {@code model_a}, {@code model_b} non-blank;
 *   <li>{@code prompt} per {@link DialogRules}, ending with a user turn;
 *   <li>{@code response_a} and {@code response_b} non-blank (they may be equal: sampling can repeat itself, and the
 *       annotation step, not the format, decides what an equal pair is worth);
 *   <li>{@code temperature_a} and {@code temperature_b} finite and {@code >= 0} (0 = greedy).
 * </ul>
 */
public final class ComparisonTaskRules {

    private ComparisonTaskRules() {}

    /** Every violation of the task, in field order. */
    public static List<Violation> check(ComparisonTask task) {
        List<Violation> violations = new ArrayList<>();
        RecordValidator.requireId(task.id(), violations);
        violations.addAll(DialogRules.check(task.prompt(), "prompt", Role.USER));
        RecordValidator.requireText(task.category(), "category", violations);
        RecordValidator.requireText(task.responseA(), "response_a", violations);
        RecordValidator.requireText(task.modelA(), "model_a", violations);
        requireTemperature(task.temperatureA(), "temperature_a", violations);
        RecordValidator.requireText(task.responseB(), "response_b", violations);
        RecordValidator.requireText(task.modelB(), "model_b", violations);
        requireTemperature(task.temperatureB(), "temperature_b", violations);
        return violations;
    }

    private static void requireTemperature(double t, String field, List<Violation> violations) {
        if (!Double.isFinite(t) || t < 0) {
            violations.add(new Violation(field, "must be a finite number >= 0, got " + t));
        }
    }
}
