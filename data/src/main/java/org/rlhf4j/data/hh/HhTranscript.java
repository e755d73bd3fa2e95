package org.rlhf4j.data.hh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.Role;

/**
 * An HH-RLHF transcript, {@code "\n\nHuman: ...\n\nAssistant: ...\n\nHuman: ..."}, as messages: each
 * {@code "\n\nHuman:"} starts a user turn and each {@code "\n\nAssistant:"} an assistant turn; the turn's content is
 * the text up to the next such marker, with surrounding whitespace stripped. A transcript may omit the leading
 * {@code "\n\n"}. "Human:" or "Assistant:" not preceded by a blank line is ordinary text. Turn order is not checked
 * here (that is {@link org.rlhf4j.data.format.DialogRules}' job).
 */
public final class HhTranscript {

    private static final Pattern TURN = Pattern.compile("\n\n(Human|Assistant):");

    private HhTranscript() {}

    /**
     * The messages of {@code transcript}.
     *
     * @throws IllegalArgumentException if there is no turn marker or there is text before the first one
     */
    public static List<Message> parse(String transcript) {
        String text = transcript.startsWith("Human:") || transcript.startsWith("Assistant:")
                ? "\n\n" + transcript : transcript;
        Matcher m = TURN.matcher(text);
        List<Message> messages = new ArrayList<>();
        Role role = null;
        int contentStart = 0;
        while (m.find()) {
            if (role == null) {
                if (!text.substring(0, m.start()).isBlank()) {
                    throw new IllegalArgumentException("text before the first \"Human:\" turn");
                }
            } else {
                messages.add(new Message(role, text.substring(contentStart, m.start()).strip()));
            }
            role = m.group(1).equals("Human") ? Role.USER : Role.ASSISTANT;
            contentStart = m.end();
        }
        if (role == null) {
            throw new IllegalArgumentException("no \"Human:\" or \"Assistant:\" turn");
        }
        messages.add(new Message(role, text.substring(contentStart).strip()));
        return messages;
    }
}
