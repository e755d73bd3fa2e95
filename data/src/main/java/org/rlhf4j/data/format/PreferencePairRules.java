package org.rlhf4j.data.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@link PreferencePair} beyond its prompt's turn order:
 *
 * <ul>
 *   <li>{@code chosen} and {@code rejected} are non-blank and differ (a pair of equal answers teaches nothing);
 *   <li>{@code rating} and {@code axis} are set;
 *   <li>{@code safety_label} is null on a helpfulness pair and <b>required</b> on a safety pair. The paper labels
 *       every safety pair (§3.2.1) and the arena does too, so a missing label is a bug in whatever wrote the file;
 *       importers of unlabelled safety data (Anthropic harmless) must choose a label explicitly in their config;
 *   <li>{@code source} is non-blank.
 * </ul>
 */
public final class PreferencePairRules {

    private PreferencePairRules() {}

    /** Every violation of the pair, including those of its prompt ({@link DialogRules}, ending with a user turn). */
    public static List<Violation> check(PreferencePair pair) {
        List<Violation> violations = new ArrayList<>();
        RecordValidator.requireId(pair.id(), violations);
        violations.addAll(DialogRules.check(pair.prompt(), "prompt", Role.USER));
        RecordValidator.requireText(pair.chosen(), "chosen", violations);
        RecordValidator.requireText(pair.rejected(), "rejected", violations);
        if (pair.chosen() != null && pair.chosen().equals(pair.rejected())) {
            violations.add(new Violation("rejected", "identical to chosen"));
        }
        if (pair.rating() == null) {
            violations.add(new Violation("rating", "must not be null"));
        }
        if (pair.axis() == null) {
            violations.add(new Violation("axis", "must not be null"));
        } else if (pair.axis() == Axis.HELPFULNESS && pair.safetyLabel() != null) {
            violations.add(new Violation("safety_label", "must be null on a helpfulness pair, got "
                    + pair.safetyLabel().json()));
        } else if (pair.axis() == Axis.SAFETY && pair.safetyLabel() == null) {
            violations.add(new Violation("safety_label",
                    "required on a safety pair (both_safe, chosen_safe or both_unsafe)"));
        }
        RecordValidator.requireText(pair.source(), "source", violations);
        return violations;
    }
}
