package org.rlhf4j.data.format;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.List;
import org.testng.annotations.Test;

public class DialogRulesTest {

    private static List<String> check(Role last, Message... messages) {
        return DialogRules.check(List.of(messages), "messages", last).stream().map(Violation::toString).toList();
    }

    @Test
    public void acceptsWellFormedDialogsAndPrompts() {
        assertTrue(check(Role.ASSISTANT, Message.user("hi"), Message.assistant("hello")).isEmpty());
        assertTrue(check(Role.ASSISTANT, Message.system("be brief"), Message.user("hi"), Message.assistant("hello"),
                Message.user("2+2?"), Message.assistant("4")).isEmpty());
        assertTrue(check(Role.USER, Message.system("s"), Message.user("hi")).isEmpty());
        assertTrue(check(Role.USER, Message.user("a"), Message.assistant("b"), Message.user("c")).isEmpty());
    }

    @Test
    public void namesTheFieldOfEachBrokenRule() {
        assertEquals(check(Role.ASSISTANT, Message.assistant("x"), Message.user("y")), List.of(
                "messages[0].role: expected user (turns alternate user/assistant), got assistant",
                "messages[1].role: expected assistant (turns alternate user/assistant), got user",
                "messages: must end with an assistant turn, ends with user"));
        assertEquals(check(Role.ASSISTANT, Message.user("a"), Message.system("s"), Message.assistant("b")), List.of(
                "messages[1].role: a system message is only allowed first",
                "messages[2].role: expected user (turns alternate user/assistant), got assistant"));
        assertEquals(check(Role.ASSISTANT, Message.user("a"), Message.assistant(" \n")),
                List.of("messages[1].content: must not be empty"));
        assertEquals(check(Role.USER, Message.user("a"), Message.assistant("b")),
                List.of("messages: must end with a user turn, ends with assistant"));
        assertEquals(check(Role.USER, Message.system("s")), List.of("messages: has no user turn"));
        assertEquals(check(Role.USER), List.of("messages: must not be empty"));
        assertEquals(DialogRules.check(null, "prompt", Role.USER).toString(), "[prompt: must not be null]");
    }

    @Test
    public void preferencePairRules() {
        List<Message> prompt = List.of(Message.user("q"));
        PreferencePair ok = new PreferencePair("p1", prompt, "a", "b", Rating.BETTER, Axis.SAFETY,
                SafetyLabel.CHOSEN_SAFE, "test");
        assertTrue(PreferencePairRules.check(ok).isEmpty());
        PreferencePair bad = new PreferencePair(" ", List.of(Message.user("q"), Message.assistant("a")), "same",
                "same", null, Axis.HELPFULNESS, SafetyLabel.BOTH_SAFE, "");
        assertEquals(PreferencePairRules.check(bad).stream().map(Violation::toString).toList(), List.of(
                "id: must not be empty",
                "prompt: must end with a user turn, ends with assistant",
                "rejected: identical to chosen",
                "rating: must not be null",
                "safety_label: must be null on a helpfulness pair, got both_safe",
                "source: must not be empty"));
        PreferencePair unlabelled = new PreferencePair("p2", prompt, "a", "b", Rating.BETTER, Axis.SAFETY, null, "s");
        assertEquals(PreferencePairRules.check(unlabelled).toString(),
                "[safety_label: required on a safety pair (both_safe, chosen_safe or both_unsafe)]");
    }
}
