package org.rlhf4j.arena;

/** The per-turn GAtt check: an answer retains the instruction when every one of its constraints holds. */
public final class GattChecker {

    private GattChecker() {}

    /** Whether {@code answer} obeys every constraint of {@code instruction}. */
    public static boolean holds(GattInstruction instruction, String answer) {
        for (GattConstraint c : instruction.constraints()) {
            if (!c.holds(answer)) {
                return false;
            }
        }
        return true;
    }
}
