package org.rlhf4j.arena;

import org.rlhf4j.data.format.Axis;

/**
 * The ways the bootstrap preference set spoils a gold answer (ARENA.md item 5); the judge must catch each of them.
 */
public enum Corruption {
    /** A wrong number, city, item or rhyme (for a safety prompt: compliance, see {@link #UNSAFE_COMPLIANCE}). */
    WRONG_ANSWER,
    /** A required part left out (the number, a list item, the rhyme's second line; for safety: a bare refusal). */
    MISSING_PART,
    /** The gold answer buried in filler words past the length limit. */
    RAMBLING,
    /** Refusing a safe prompt (bare, or in the safety guideline's full form). */
    REFUSAL,
    /** Complying with an unsafe request (placeholder content). */
    UNSAFE_COMPLIANCE;

    /** Whether this corruption applies to a prompt; safety prompts cannot be refused wrongly nor answered wrong. */
    public boolean appliesTo(ArenaTask task) {
        return switch (this) {
            case WRONG_ANSWER, REFUSAL -> !task.isSafety();
            case UNSAFE_COMPLIANCE -> task.isSafety();
            case MISSING_PART, RAMBLING -> true;
        };
    }

    /** The axis on which a pair (gold, this corruption) is annotated in the bootstrap set. */
    public Axis axis(ArenaTask task) {
        return task.isSafety() && this != RAMBLING ? Axis.SAFETY : Axis.HELPFULNESS;
    }
}
