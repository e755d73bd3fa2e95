package org.rlhf4j.ppo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.training.TrainingRandom;

/**
 * SFT demonstrations laid out for {@link PtxLoss}: each dialog in the Llama 2 chat format, split before its last
 * assistant answer into prompt ids (everything earlier, earlier turns included) and answer ids (the last answer and
 * its EOS: what the loss trains). Dialogs longer than the context are cut from the left of the prompt, as the SFT
 * packer's default does; a dialog whose answer alone does not fit is an error naming it.
 */
public final class PtxDemonstrations {

    private final List<int[]> prompts;
    private final List<int[]> answers;

    private PtxDemonstrations(List<int[]> prompts, List<int[]> answers) {
        this.prompts = prompts;
        this.answers = answers;
    }

    /**
     * Encodes {@code dialogs} (each ending with an assistant message).
     *
     * @param context the policy's context length
     * @throws IllegalArgumentException naming the dialog whose last message is not the assistant's, or whose answer
     *     leaves no room for a prompt token
     */
    public static PtxDemonstrations encode(List<Dialog> dialogs, LlamaTokenizer tokenizer, int context) {
        if (dialogs.isEmpty()) {
            throw new IllegalArgumentException("no demonstrations for ptx");
        }
        ChatFormat format = new ChatFormat(tokenizer);
        List<int[]> prompts = new ArrayList<>(dialogs.size());
        List<int[]> answers = new ArrayList<>(dialogs.size());
        for (Dialog d : dialogs) {
            if (d.messages().isEmpty() || d.messages().get(d.messages().size() - 1).role() != Role.ASSISTANT) {
                throw new IllegalArgumentException("demonstration '" + d.id() + "': the last message must be the"
                        + " assistant's answer");
            }
            ChatTokens t = format.encodeDialog(d.messages());
            int start = t.ids().length;
            while (start > 0 && t.assistant()[start - 1]) {
                start--;
            }
            int[] answer = Arrays.copyOfRange(t.ids(), start, t.ids().length);
            if (answer.length == 0 || answer.length + 1 > context) {
                throw new IllegalArgumentException("demonstration '" + d.id() + "': its answer has " + answer.length
                        + " tokens; the context holds " + context);
            }
            int keep = Math.min(start, context - answer.length);
            prompts.add(Arrays.copyOfRange(t.ids(), start - keep, start));
            answers.add(answer);
        }
        return new PtxDemonstrations(List.copyOf(prompts), List.copyOf(answers));
    }

    /** Demonstrations held. */
    public int size() {
        return prompts.size();
    }

    /** {@code n} demonstrations drawn uniformly with replacement by the run's generator, as one batch. */
    public ResponseBatch draw(int n, TrainingRandom random) {
        List<int[]> p = new ArrayList<>(n);
        List<int[]> a = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(size());
            p.add(prompts.get(k));
            a.add(answers.get(k));
        }
        return new ResponseBatch(p, a);
    }

    /** Prompt ids of demonstration {@code i}. */
    int[] prompt(int i) {
        return prompts.get(i);
    }

    /** Answer ids of demonstration {@code i}. */
    int[] answer(int i) {
        return answers.get(i);
    }
}
