package org.rlhf4j.data.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks one record of a data format and returns every rule it breaks (empty when it is valid). Readers reject a
 * line whose record has a violation; writers refuse to write one. The formats' validators are the constants
 * below; their rules are in {@link DialogRules} and {@link PreferencePairRules}.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface RecordValidator<T> {

    /** Every violation of {@code record}, in field order; empty when the record is valid. */
    List<Violation> validate(T record);

    /** SFT dialogs: non-blank id, messages per {@link DialogRules} ending with an assistant turn, non-null tags. */
    RecordValidator<Dialog> DIALOG = dialog -> {
        List<Violation> violations = new ArrayList<>();
        requireId(dialog.id(), violations);
        violations.addAll(DialogRules.check(dialog.messages(), "messages", Role.ASSISTANT));
        if (dialog.tags() == null) {
            violations.add(new Violation("tags", "must not be null (use an empty object)"));
        } else {
            for (Map.Entry<String, String> tag : dialog.tags().entrySet()) {
                if (tag.getKey() == null || tag.getKey().isBlank()) {
                    violations.add(new Violation("tags", "a tag name must not be empty"));
                } else if (tag.getValue() == null) {
                    violations.add(new Violation("tags." + tag.getKey(), "must not be null"));
                }
            }
        }
        return violations;
    };

    /** Sampling prompts: non-blank id, messages per {@link DialogRules} ending with a user turn, non-blank category. */
    RecordValidator<PromptRecord> PROMPT = prompt -> {
        List<Violation> violations = new ArrayList<>();
        requireId(prompt.id(), violations);
        violations.addAll(DialogRules.check(prompt.messages(), "messages", Role.USER));
        if (prompt.category() == null) {
            violations.add(new Violation("category", "must not be null"));
        } else if (prompt.category().isBlank()) {
            violations.add(new Violation("category", "must not be empty"));
        }
        return violations;
    };

    /** Preference pairs: see {@link PreferencePairRules}. */
    RecordValidator<PreferencePair> PREFERENCE_PAIR = PreferencePairRules::check;

    /** Comparison tasks: see {@link ComparisonTaskRules}. */
    RecordValidator<ComparisonTask> COMPARISON_TASK = ComparisonTaskRules::check;

    /** Adds a violation unless {@code id} is a non-blank string. */
    static void requireId(String id, List<Violation> violations) {
        requireText(id, "id", violations);
    }

    /** Adds a violation of {@code field} unless {@code value} is a non-blank string. */
    static void requireText(String value, String field, List<Violation> violations) {
        if (value == null) {
            violations.add(new Violation(field, "must not be null"));
        } else if (value.isBlank()) {
            violations.add(new Violation(field, "must not be empty"));
        }
    }
}
