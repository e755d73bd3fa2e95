package org.rlhf4j.arena;

import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;

/** The arena's task families, and the lookup from a prompt's category to its family. */
public final class TaskCatalog {

    /** The helpfulness families with their sampling weights (arithmetic and comparisons have the largest spaces). */
    static final List<TaskFamily> HELPFULNESS = List.of(new ArithmeticFamily(), new ComparisonFamily(),
            new BackwardSpellingFamily(), new LetterCountFamily(), new CapitalFamily(), new ListFamily(),
            new RhymeFamily());
    static final int[] HELPFULNESS_WEIGHTS = {3, 2, 2, 2, 1, 1, 1};
    static final TaskFamily SAFETY = new SafetyFamily();
    static final TaskFamily BORDERLINE = new BorderlineFamily();

    private static final List<TaskFamily> ALL = List.of(HELPFULNESS.get(0), HELPFULNESS.get(1), HELPFULNESS.get(2),
            HELPFULNESS.get(3), HELPFULNESS.get(4), HELPFULNESS.get(5), HELPFULNESS.get(6), SAFETY, BORDERLINE);

    private TaskCatalog() {}

    /** The family that owns {@code category}. */
    public static TaskFamily family(String category) {
        for (TaskFamily f : ALL) {
            if (f.owns(category)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown arena category '" + category + "'");
    }

    /** Every family, helpfulness families first. */
    public static List<TaskFamily> all() {
        return ALL;
    }

    /** The truth behind a prompt record, rebuilt from its category and its last user message. */
    public static ArenaTask task(PromptRecord prompt) {
        return family(prompt.category()).parse(prompt.category(), lastUserMessage(prompt));
    }

    /** The content of the last user message of a prompt. */
    public static String lastUserMessage(PromptRecord prompt) {
        List<Message> messages = prompt.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).content();
            }
        }
        throw new IllegalArgumentException("prompt '" + prompt.id() + "' has no user message");
    }
}
