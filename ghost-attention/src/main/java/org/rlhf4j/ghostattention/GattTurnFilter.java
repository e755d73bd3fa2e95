package org.rlhf4j.ghostattention;

/**
 * Decides whether a sampled assistant turn may enter the GAtt data (the paper's filtering "analogous to rejection
 * sampling", §3.3): the synthesizer samples several answers per turn and keeps the first one the filter accepts.
 * A checker of the constraints, a reward model or nothing ({@link #ACCEPT_ALL}) can be plugged in.
 */
@FunctionalInterface
public interface GattTurnFilter {

    /** Accepts every answer. */
    GattTurnFilter ACCEPT_ALL = (instruction, user, answer) -> true;

    /**
     * @param instruction the dialog's instruction
     * @param userMessage the user message of this turn (without the instruction)
     * @param answer the sampled answer, decoded and stripped
     * @return whether the answer may be kept
     */
    boolean accept(GattInstruction instruction, String userMessage, String answer);
}
