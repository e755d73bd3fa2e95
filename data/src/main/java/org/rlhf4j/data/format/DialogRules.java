package org.rlhf4j.data.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The turn order every message list in the formats follows: an optional leading {@code system} message, then
 * {@code user} and {@code assistant} messages alternating, starting with {@code user}; every content non-blank. A
 * dialog for SFT ends with an assistant turn; a prompt (sampling prompt or preference-pair prompt) ends with a user
 * turn.
 */
public final class DialogRules {

    private DialogRules() {}

    /**
     * Checks {@code messages} against the turn order and returns every violation, fields named
     * {@code <field>[i].role} / {@code <field>[i].content}, or {@code <field>} for the list as a whole.
     *
     * @param messages the messages to check (null is reported as a violation)
     * @param field JSON name of the list, e.g. {@code messages} or {@code prompt}
     * @param lastRole the role the last message must have ({@link Role#USER} or {@link Role#ASSISTANT})
     */
    public static List<Violation> check(List<Message> messages, String field, Role lastRole) {
        if (lastRole == Role.SYSTEM) {
            throw new IllegalArgumentException("a message list cannot be required to end with a system message");
        }
        List<Violation> violations = new ArrayList<>();
        if (messages == null) {
            violations.add(new Violation(field, "must not be null"));
            return violations;
        }
        if (messages.isEmpty()) {
            violations.add(new Violation(field, "must not be empty"));
            return violations;
        }
        int first = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String at = field + "[" + i + "]";
            if (m == null) {
                violations.add(new Violation(at, "must not be null"));
                continue;
            }
            if (m.role() == null) {
                violations.add(new Violation(at + ".role", "must not be null"));
            } else if (m.role() == Role.SYSTEM) {
                if (i == 0) {
                    first = 1;
                } else {
                    violations.add(new Violation(at + ".role", "a system message is only allowed first"));
                }
            } else {
                Role expected = (i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT;
                if (m.role() != expected) {
                    violations.add(new Violation(at + ".role",
                            "expected " + expected.json() + " (turns alternate user/assistant), got " + m.role().json()));
                }
            }
            if (m.content() == null) {
                violations.add(new Violation(at + ".content", "must not be null"));
            } else if (m.content().isBlank()) {
                violations.add(new Violation(at + ".content", "must not be empty"));
            }
        }
        if (messages.size() == first) {
            violations.add(new Violation(field, "has no user turn"));
        } else {
            Message last = messages.get(messages.size() - 1);
            if (last != null && last.role() != null && last.role() != lastRole) {
                violations.add(new Violation(field,
                        "must end with " + (lastRole == Role.USER ? "a user" : "an assistant") + " turn, ends with "
                                + last.role().json()));
            }
        }
        return violations;
    }
}
