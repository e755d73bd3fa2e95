package org.rlhf4j.model;

/**
 * Which head sits on the decoder trunk: next-token logits ({@code lm_head.weight}, Hugging Face
 * {@code LlamaForCausalLM}) or one scalar read at the last real token ({@code score.weight},
 * {@code LlamaForSequenceClassification} with one label) for reward and value models.
 */
public enum HeadKind {
    CAUSAL_LM,
    SEQUENCE_CLASSIFICATION
}
