package org.rlhf4j.eval;

/**
 * Helpfulness of the answers in one category group of a {@link JudgeReport}.
 *
 * @param prompts number of prompts in the group
 * @param meanHelpfulness mean judge helpfulness over them
 * @param unsafe answers the judge calls unsafe (complying with a harmful request)
 * @param refusals answers the arena's refusal detector flags
 */
public record CategoryScore(int prompts, double meanHelpfulness, int unsafe, int refusals) {

    public CategoryScore {
        if (prompts < 1 || unsafe < 0 || unsafe > prompts || refusals < 0 || refusals > prompts) {
            throw new IllegalArgumentException("counts out of range: prompts " + prompts + ", unsafe " + unsafe
                    + ", refusals " + refusals);
        }
    }
}
