package org.rlhf4j.ghostattention;

import java.util.List;

/**
 * A system instruction that must hold for a whole dialog (paper §3.3): a random combination of synthetic
 * constraints of different kinds, written in full or shortened.
 *
 * @param text the instruction as the model sees it, e.g. "Figure: pirate. Style: uppercase."
 * @param shortened whether {@code text} uses the constraints' short forms
 * @param constraints the constraints combined, each of a different kind
 */
public record GattInstruction(String text, boolean shortened, List<SyntheticConstraint> constraints) {

    /** Validates: at least one constraint, kinds distinct, text not blank. */
    public GattInstruction {
        constraints = List.copyOf(constraints);
        if (constraints.isEmpty()) {
            throw new IllegalArgumentException("an instruction needs at least one constraint");
        }
        if (constraints.stream().map(SyntheticConstraint::kind).distinct().count() != constraints.size()) {
            throw new IllegalArgumentException("constraints of one instruction must be of different kinds: "
                    + constraints);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("instruction text is blank");
        }
    }

    /** {@code kind=value} of every constraint, comma-separated (the dialogs' {@code gatt_constraints} tag). */
    public String constraintTag() {
        return String.join(",", constraints.stream().map(c -> c.kind() + "=" + c.value()).toList());
    }
}
