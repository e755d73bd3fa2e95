package org.rlhf4j.data.packing;

/**
 * How SFT dialogs are packed into fixed-length rows (METHOD.md §3).
 *
 * @param sequenceLength tokens per row; the paper uses 4096 (the model's context)
 * @param padId id written into unused row positions; they get loss mask 0 and segment id 0. The paper's tokenizer
 *     has no pad token (METHOD.md §1); the default is 0 ({@code <unk>} in Llama 2), which never appears in
 *     byte-fallback output. It must not be EOS, so that an EOS is never masked away as padding
 *     ({@link SequencePacker} checks this against the tokenizer)
 * @param overflowPolicy what to do with an example longer than a row; default
 *     {@link OverflowPolicy#TRUNCATE_PROMPT_LEFT} (the paper is silent)
 * @param lossOn which assistant answers are targets; {@link LossOn#ALL_ASSISTANT_TURNS} for SFT,
 *     {@link LossOn#LAST_ASSISTANT_TURN} for Ghost Attention
 */
public record PackingConfig(int sequenceLength, int padId, OverflowPolicy overflowPolicy, LossOn lossOn) {

    /** Default row length: the Llama 2 context (§2.2). */
    public static final int DEFAULT_SEQUENCE_LENGTH = 4096;
    /** Default pad id: {@code <unk>} of the Llama 2 vocabulary. */
    public static final int DEFAULT_PAD_ID = 0;

    /** Validates: {@code sequenceLength >= 2}, {@code padId >= 0}, both enums present. */
    public PackingConfig {
        if (sequenceLength < 2) {
            throw new IllegalArgumentException("sequenceLength must be >= 2, got " + sequenceLength);
        }
        if (padId < 0) {
            throw new IllegalArgumentException("padId must be >= 0, got " + padId);
        }
        if (overflowPolicy == null) {
            throw new IllegalArgumentException("overflowPolicy is required (TRUNCATE_PROMPT_LEFT or DROP)");
        }
        if (lossOn == null) {
            throw new IllegalArgumentException("lossOn is required (ALL_ASSISTANT_TURNS or LAST_ASSISTANT_TURN)");
        }
    }

    /** The paper's SFT packing: 4096-token rows, pad 0, prompts truncated on the left, loss on every answer. */
    public static PackingConfig llama2Sft() {
        return new PackingConfig(
                DEFAULT_SEQUENCE_LENGTH, DEFAULT_PAD_ID, OverflowPolicy.TRUNCATE_PROMPT_LEFT, LossOn.ALL_ASSISTANT_TURNS);
    }

    /** This config with a different {@link #lossOn}. */
    public PackingConfig withLossOn(LossOn value) {
        return new PackingConfig(sequenceLength, padId, overflowPolicy, value);
    }
}
