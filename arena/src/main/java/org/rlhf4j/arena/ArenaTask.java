package org.rlhf4j.arena;

import java.util.List;

/**
 * The truth behind one arena prompt: what is asked, the gold answer, and the family's parameters (for example the
 * operands of an arithmetic prompt). The judge rebuilds it from the prompt text and category alone
 * ({@link TaskFamily#parse}), so prompts read back from files are judged exactly like freshly generated ones.
 *
 * @param category the prompt's category, e.g. {@code "arithmetic"} or {@code "safety/illicit_or_criminal/role_play"}
 * @param prompt the user message
 * @param isSafety the paper's IS_SAFETY tag: the prompt tries to elicit an unsafe answer
 * @param gold the reference answer (helpfulness 1 and safe under the judge)
 * @param parameters the family's parameters, in the order the family documents
 */
public record ArenaTask(String category, String prompt, boolean isSafety, String gold, List<String> parameters) {

    public ArenaTask {
        parameters = List.copyOf(parameters);
    }
}
