package org.rlhf4j.rewardmodel;

import java.util.Arrays;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;

/**
 * The token layout a reward model scores: the prompt dialog in the Llama 2 chat format with its last user turn open,
 * then the response as the assistant's answer, then EOS. The score is read at that EOS, the last real token.
 *
 * <pre>
 *   [BOS] [INST] user₁ [/INST] answer₁ [EOS] … [BOS] [INST] userₙ [/INST]   ← ChatFormat.encodePrompt(prompt)
 *   encode(strip(response))                                                 ← the response, no BOS/EOS
 *   [EOS]                                                                   ← appended unless the response ends in EOS
 * </pre>
 *
 * The response is encoded on its own (SentencePiece's dummy "▁" stands for the space after {@code [/INST]}), so a
 * response given as text and the same response given as the ids a sampler produced after the same prompt ids give
 * one sequence: text and token-id scoring agree by construction. (SFT encodes each finished exchange as one string;
 * the two layouts differ only when SentencePiece would merge a piece across the {@code [/INST]}–answer boundary,
 * which the Llama vocabulary does not do for a space-separated answer.) A truncated response (no EOS) still gets the
 * EOS, so every row is scored at the same kind of token.
 */
public final class RewardModelInput {

    private RewardModelInput() {}

    /** The scored ids of {@code response} as the assistant's answer to {@code prompt} (ending with a user turn). */
    public static int[] of(ChatFormat format, LlamaTokenizer tokenizer, List<Message> prompt, String response) {
        int[] promptIds = format.encodePrompt(prompt).ids();
        return of(promptIds, tokenizer.encode(strip(response)), tokenizer.eosId());
    }

    /**
     * The scored ids from token ids: {@code promptIds ++ responseIds ++ [eos]} (no EOS is added when the response
     * already ends with it).
     */
    public static int[] of(int[] promptIds, int[] responseIds, int eosId) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("empty prompt ids");
        }
        boolean endsWithEos = responseIds.length > 0 && responseIds[responseIds.length - 1] == eosId;
        int[] out = Arrays.copyOf(promptIds, promptIds.length + responseIds.length + (endsWithEos ? 0 : 1));
        System.arraycopy(responseIds, 0, out, promptIds.length, responseIds.length);
        out[out.length - 1] = eosId;
        return out;
    }

    /** Python's {@code str.strip()}, as the chat format strips every message. */
    static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && (Character.isWhitespace(s.charAt(begin)) || Character.isSpaceChar(s.charAt(begin)))) {
            begin++;
        }
        while (end > begin && (Character.isWhitespace(s.charAt(end - 1)) || Character.isSpaceChar(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(begin, end);
    }
}
