package org.rlhf4j.ppo;

/**
 * Where PPO's value model starts (the paper is silent; METHOD.md §6). The value model is a {@code LlamaModel} with
 * the scalar score head ({@code LlamaForSequenceClassification}), read at every response position rather than only
 * at the last token; it is trained, the reward models it starts from stay frozen.
 */
public enum ValueModelInit {
    /** A copy of the Helpfulness RM (default): its trunk already reads responses, its head already scores them. */
    HELPFULNESS_RM,
    /** A copy of the Safety RM. */
    SAFETY_RM
}
