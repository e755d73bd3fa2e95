package org.rlhf4j.rejectionsampling;

/**
 * How the samples of earlier iterations compete with the current iteration's in selection (Llama 2 §3.2.3: from
 * RLHF-V3 on, selection draws on the top samples of all prior iterations, so skills the latest model lost — the
 * paper's rhyming poems — are not forgotten). The paper leaves open which reward scores the old samples.
 */
public enum PoolPolicy {
    /**
     * Default: every earlier sample is scored again by the current reward models and function, so all candidates
     * are compared on one scale (scores of an earlier reward model are not comparable with the current one's).
     */
    RESCORE,
    /** Earlier samples keep the reward stored with them when they were sampled (no reward-model pass over them). */
    STORED
}
