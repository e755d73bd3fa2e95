package org.rlhf4j.model;

/**
 * The output head on top of the Llama decoder (METHOD.md §1 and §4).
 *
 * <ul>
 *   <li>{@link #CAUSAL_LM}: the language-model head {@code lm_head.weight} (vocab × hidden), untied from the
 *       embedding, as in Hugging Face {@code LlamaForCausalLM}.</li>
 *   <li>{@link #SEQUENCE_CLASSIFICATION}: the reward model's scalar head {@code score.weight} (1 × hidden), as in
 *       {@code LlamaForSequenceClassification} with {@code num_labels = 1}.</li>
 * </ul>
 */
public enum HeadKind {
    CAUSAL_LM("LlamaForCausalLM", "lm_head.weight", "a language model"),
    SEQUENCE_CLASSIFICATION("LlamaForSequenceClassification", "score.weight", "a reward model");

    private final String architecture;
    private final String tensorName;
    private final String role;

    HeadKind(String architecture, String tensorName, String role) {
        this.architecture = architecture;
        this.tensorName = tensorName;
        this.role = role;
    }

    /** What a model with this head is, in the user's terms: "a reward model (LlamaForSequenceClassification)". */
    public String describe() {
        return role + " (" + architecture + ")";
    }

    /** The Hugging Face class name written to {@code config.json}'s {@code architectures}. */
    public String architecture() {
        return architecture;
    }

    /** The Hugging Face name of the head's weight tensor. */
    public String tensorName() {
        return tensorName;
    }

    /** The head kind whose Hugging Face class name is {@code architecture}, or {@code null} if none. */
    public static HeadKind ofArchitecture(String architecture) {
        for (HeadKind kind : values()) {
            if (kind.architecture.equals(architecture)) {
                return kind;
            }
        }
        return null;
    }
}
