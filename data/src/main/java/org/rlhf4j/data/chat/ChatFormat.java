package org.rlhf4j.data.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.tokenizer.EncodedText;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Llama 2 chat format, as meta-llama's {@code chat_completion} builds it (METHOD.md §2).
 *
 * <pre>
 * system folded into the first user message: B_SYS + system + E_SYS + user
 * finished exchange:  BOS + encode(B_INST + " " + user.strip() + " " + E_INST + " " + answer.strip() + " ") + EOS
 * open last turn:     BOS + encode(B_INST + " " + user.strip() + " " + E_INST)
 * </pre>
 *
 * Each exchange is encoded as one string, so SentencePiece's dummy "▁" is prepended once per exchange, as in the
 * reference. A message containing any of the tags ({@code [INST]}, {@code [/INST]}, {@code <<SYS>>},
 * {@code <</SYS>>}) is rejected, as the reference refuses such dialogs (it checks every message, so do we), and so
 * is text the tokenizer maps to BOS or EOS (e.g. a literal {@code "</s>"}), which would end a sequence early.
 *
 * <p><b>Where the answer starts.</b> The prompt part {@code "[INST] {user} [/INST]"} is encoded on its own; when
 * its ids are a prefix of the exchange's ids, that length is the boundary. When SentencePiece merges a piece across
 * the boundary instead, the exchange's own character offsets decide: a token is an answer token iff its first
 * character lies at or after the end of the prompt part (the space before the answer belongs to the answer, as
 * SentencePiece attaches "▁" to the following word). A token straddling the boundary is thus a prompt token, so
 * prompt text is never trained on.
 */
public final class ChatFormat {

    private static final Logger LOG = LoggerFactory.getLogger(ChatFormat.class);

    /** Opens an instruction. */
    public static final String B_INST = "[INST]";
    /** Closes an instruction. */
    public static final String E_INST = "[/INST]";
    /** Opens the system prompt inside the first instruction. */
    public static final String B_SYS = "<<SYS>>\n";
    /** Closes the system prompt inside the first instruction. */
    public static final String E_SYS = "\n<</SYS>>\n\n";

    /** Text that may not appear in any message (meta-llama's {@code SPECIAL_TAGS}). */
    public static final List<String> SPECIAL_TAGS = List.of(B_INST, E_INST, "<<SYS>>", "<</SYS>>");

    private final LlamaTokenizer tokenizer;

    /** A chat format that encodes with {@code tokenizer}. */
    public ChatFormat(LlamaTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Encodes a finished dialog for training: optional system message, then user/assistant alternating, ending with
     * an assistant message.
     *
     * @throws IllegalArgumentException naming the message index and field when the dialog is malformed
     */
    public ChatTokens encodeDialog(List<Message> messages) {
        List<String> turns = fold(messages, Role.ASSISTANT);
        return build(turns, false);
    }

    /**
     * Encodes a dialog to complete: optional system message, then user/assistant alternating, ending with a user
     * message. The result ends with the open turn's {@code [/INST]}; the model generates the answer.
     *
     * @throws IllegalArgumentException naming the message index and field when the dialog is malformed
     */
    public ChatTokens encodePrompt(List<Message> messages) {
        List<String> turns = fold(messages, Role.USER);
        return build(turns, true);
    }

    /**
     * The ids a sampler continues for a prompt record: {@link #encodePrompt} of its messages, checked to fit the
     * context together with {@code maxNewTokens} generated tokens (the last one is never fed back).
     *
     * @throws IllegalArgumentException naming the prompt id when it cannot be encoded or does not fit
     */
    public int[] samplingPrompt(PromptRecord prompt, int maxNewTokens, int contextLength) {
        int[] ids;
        try {
            ids = encodePrompt(prompt.messages()).ids();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prompt '" + prompt.id() + "': " + e.getMessage(), e);
        }
        if (ids.length + maxNewTokens - 1 > contextLength) {
            throw new IllegalArgumentException("prompt '" + prompt.id() + "' has " + ids.length + " tokens; with "
                    + maxNewTokens + " new tokens it exceeds the context length " + contextLength);
        }
        return ids;
    }

    /**
     * The answer text of sampled tokens: a final EOS dropped, the rest decoded and stripped of surrounding
     * whitespace (the form the chat format stores answers in).
     */
    public String decodeAnswer(int[] sampled) {
        int n = sampled.length;
        if (n > 0 && sampled[n - 1] == tokenizer.eosId()) {
            n--;
        }
        return tokenizer.decode(Arrays.copyOf(sampled, n)).strip();
    }

    /**
     * Where the system message sits in {@link #encode encode(messages)}: token positions {@code [from, to)} of the
     * tokens that cover any character of its content (the {@code <<SYS>>} tags around it excluded; a token that
     * merges across the content's edge counts as the system's). For attention read-outs such as the paper's Fig. 10.
     *
     * @param messages a dialog starting with a system message (either form: ending with an answer or a user turn)
     * @return {@code {from, to}} with {@code 1 <= from < to} (position 0 is BOS)
     * @throws IllegalArgumentException when the dialog is malformed, has no system message or an empty one
     */
    public int[] systemSpan(List<Message> messages) {
        boolean finished = !messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.ASSISTANT;
        List<String> turns = fold(messages, finished ? Role.ASSISTANT : Role.USER);
        if (messages.get(0).role() != Role.SYSTEM || messages.get(0).content().isEmpty()) {
            throw new IllegalArgumentException("messages[0]: expected a non-empty system message");
        }
        String prompt = B_INST + " " + strip(turns.get(0)) + " " + E_INST;
        String text = turns.size() >= 2 ? prompt + " " + strip(turns.get(1)) + " " : prompt;
        int start = (B_INST + " ").length() + B_SYS.length(); // the folded turn starts with B_SYS: strip keeps it
        int end = start + messages.get(0).content().length();
        int[] charStarts = tokenizer.encodeWithOffsets(text).charStarts();
        int from = -1;
        int to = -1;
        int known = 0;
        for (int t = 0; t < charStarts.length; t++) {
            int begin = charStarts[t] < 0 ? known : charStarts[t];
            known = begin;
            int next = text.length();
            for (int u = t + 1; u < charStarts.length; u++) {
                if (charStarts[u] >= 0) {
                    next = charStarts[u];
                    break;
                }
            }
            if (begin < end && next > start) {
                from = from < 0 ? t : from;
                to = t + 1;
            }
        }
        if (from < 0) {
            throw new IllegalArgumentException("messages[0]: the system message encodes to no token");
        }
        return new int[] {from + 1, to + 1};
    }

    /** Encodes a dialog in the form its last role asks for: assistant → {@link #encodeDialog}, user → prompt. */
    public ChatTokens encode(List<Message> messages) {
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.ASSISTANT) {
            return encodeDialog(messages);
        }
        return encodePrompt(messages);
    }

    /**
     * Validates the roles and tags and returns the contents in order user, assistant, user, ... with the system
     * message folded into the first user message.
     */
    private static List<String> fold(List<Message> messages, Role last) {
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("messages: a dialog needs at least one user message");
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m == null || m.role() == null || m.content() == null) {
                throw new IllegalArgumentException("messages[" + i + "]: role and content are required");
            }
            for (String tag : SPECIAL_TAGS) {
                if (m.content().contains(tag)) {
                    throw new IllegalArgumentException("messages[" + i + "].content (" + m.role().json()
                            + ") contains the chat tag '" + tag + "'; such dialogs are refused");
                }
            }
        }
        int first = messages.get(0).role() == Role.SYSTEM ? 1 : 0;
        List<String> turns = new ArrayList<>();
        for (int i = first; i < messages.size(); i++) {
            Role expected = (i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT;
            Role actual = messages.get(i).role();
            if (actual != expected) {
                throw new IllegalArgumentException("messages[" + i + "].role: expected " + expected.json()
                        + " (roles alternate user/assistant after an optional leading system), got " + actual.json());
            }
            turns.add(messages.get(i).content());
        }
        if (turns.isEmpty()) {
            throw new IllegalArgumentException("messages: a dialog needs at least one user message after the system");
        }
        Role end = messages.get(messages.size() - 1).role();
        if (end != last) {
            throw new IllegalArgumentException("messages[" + (messages.size() - 1) + "].role: this form needs a dialog"
                    + " ending with " + last.json() + ", got " + end.json());
        }
        if (first == 1) {
            turns.set(0, B_SYS + messages.get(0).content() + E_SYS + turns.get(0));
        }
        return turns;
    }

    private ChatTokens build(List<String> turns, boolean openLastTurn) {
        Builder out = new Builder();
        int exchanges = turns.size() / 2;
        for (int e = 0; e < exchanges; e++) {
            String prompt = B_INST + " " + strip(turns.get(2 * e)) + " " + E_INST;
            String exchange = prompt + " " + strip(turns.get(2 * e + 1)) + " ";
            EncodedText encoded = tokenizer.encodeWithOffsets(exchange);
            requireNoSpecialIds(encoded.ids(), e);
            int boundary = answerStart(prompt, encoded);
            out.add(tokenizer.bosId(), false, e);
            for (int t = 0; t < encoded.ids().length; t++) {
                out.add(encoded.ids()[t], t >= boundary, e);
            }
            out.add(tokenizer.eosId(), true, e);
        }
        if (openLastTurn) {
            String prompt = B_INST + " " + strip(turns.get(turns.size() - 1)) + " " + E_INST;
            int[] ids = tokenizer.encode(prompt);
            requireNoSpecialIds(ids, exchanges);
            out.add(tokenizer.bosId(), false, exchanges);
            for (int id : ids) {
                out.add(id, false, exchanges);
            }
        }
        return out.build();
    }

    /** Index in {@code exchange.ids()} of the first answer token (see the class comment). */
    private int answerStart(String prompt, EncodedText exchange) {
        int[] promptIds = tokenizer.encode(prompt);
        int[] ids = exchange.ids();
        if (promptIds.length <= ids.length
                && Arrays.equals(promptIds, 0, promptIds.length, ids, 0, promptIds.length)) {
            return promptIds.length;
        }
        int t = 0;
        while (t < ids.length && exchange.charStarts()[t] < prompt.length()) {
            t++;
        }
        LOG.debug("a token merges across the end of '{}'; answer starts at token {} by character offset", prompt, t);
        return t;
    }

    private void requireNoSpecialIds(int[] ids, int exchange) {
        for (int id : ids) {
            if (id == tokenizer.bosId() || id == tokenizer.eosId()) {
                throw new IllegalArgumentException("exchange " + exchange + ": the message text encodes to the special"
                        + " token id " + id + " (BOS/EOS), e.g. a literal <s> or </s>; such dialogs are refused");
            }
        }
    }

    /** Python's {@code str.strip()}: removes leading and trailing Unicode whitespace. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isPythonSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    private static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Accumulates ids with their segment information. */
    private static final class Builder {
        private int[] ids = new int[64];
        private boolean[] assistant = new boolean[64];
        private int[] turn = new int[64];
        private int size;

        void add(int id, boolean isAssistant, int turnIndex) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, 2 * size);
                assistant = Arrays.copyOf(assistant, 2 * size);
                turn = Arrays.copyOf(turn, 2 * size);
            }
            ids[size] = id;
            assistant[size] = isAssistant;
            turn[size] = turnIndex;
            size++;
        }

        ChatTokens build() {
            return new ChatTokens(
                    Arrays.copyOf(ids, size), Arrays.copyOf(assistant, size), Arrays.copyOf(turn, size));
        }
    }
}
