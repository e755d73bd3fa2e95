package org.rlhf4j.data.packing;

/** Which assistant tokens of a packed dialog are training targets. */
public enum LossOn {
    /** Every assistant answer and its EOS (plain SFT, METHOD.md §3). */
    ALL_ASSISTANT_TURNS,
    /**
     * Only the last assistant answer and its EOS; all tokens of earlier turns, answers included, get zero loss
     * (Ghost Attention training, METHOD.md §7).
     */
    LAST_ASSISTANT_TURN
}
