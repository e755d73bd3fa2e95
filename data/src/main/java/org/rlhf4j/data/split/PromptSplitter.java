package org.rlhf4j.data.split;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.Role;

/**
 * Assigns a record to a {@link Split} by a hash of its prompt, so the assignment is a pure function of the prompt
 * text: the same prompt always lands in the same split, whatever its id, its system message, its answers, the other
 * records of the file or the run. Hence no prompt crosses splits.
 *
 * <p>The prompt key is the text of the user messages, each normalised (Unicode NFKC, lower case, whitespace runs
 * collapsed to one space, stripped) and joined with {@code "\n"}. Its hash h is the first 8 bytes (big-endian) of
 * SHA-256(UTF-8 key); u = (h >>> 11) / 2^53 is uniform in [0, 1), and the split is train if u < f_train, validation
 * if u < f_train + f_validation, test otherwise.
 */
public final class PromptSplitter {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final SplitConfig config;

    public PromptSplitter(SplitConfig config) {
        this.config = config;
    }

    /** The split of the record whose messages are {@code messages} (only the user messages count). */
    public Split assign(List<Message> messages) {
        double u = unitInterval(promptHash(messages));
        if (u < config.train()) {
            return Split.TRAIN;
        }
        return u < config.train() + config.validation() ? Split.VALIDATION : Split.TEST;
    }

    /** The fractions this splitter uses. */
    public SplitConfig config() {
        return config;
    }

    /** The normalised user text that identifies a prompt. */
    public static String promptKey(List<Message> messages) {
        return messages.stream()
                .filter(m -> m.role() == Role.USER)
                .map(m -> WHITESPACE.matcher(Normalizer.normalize(m.content(), Normalizer.Form.NFKC)
                        .toLowerCase(Locale.ROOT)).replaceAll(" ").strip())
                .collect(Collectors.joining("\n"));
    }

    /** First 8 bytes, big-endian, of SHA-256 of the UTF-8 {@link #promptKey}. */
    public static long promptHash(List<Message> messages) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(promptKey(messages).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** (h >>> 11) / 2^53, uniform in [0, 1). */
    static double unitInterval(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
