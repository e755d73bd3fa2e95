package org.rlhf4j.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rlhf4j.arena.GattConstraint;
import org.rlhf4j.arena.GattInstruction;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.chat.ChatTokens;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.AttentionProbe;
import org.rlhf4j.model.LlamaModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attention picture of Ghost Attention (paper Fig. 10): for each retention dialog, as the model itself answered
 * it (instruction as the system message of turn 1, its own answers in the history), the attention mass that each
 * turn's tokens put on the system message, per layer and head ({@link SystemAttention}).
 *
 * <p>One extra forward pass per dialog, through {@link AttentionProbe}, over the whole dialog up to the last turn
 * the model answered: attention is causal, so the probabilities of turn n's tokens are those the model had while
 * answering turn n. Turn n's tokens are its user message (inside {@code [INST] … [/INST]}), the answer and its EOS;
 * at turn 1 only the tokens after the system message count (the system message does not measure its own weight).
 */
public final class GattAttention {

    private static final Logger LOG = LoggerFactory.getLogger(GattAttention.class);

    /** CSV file name in an evaluation directory. */
    public static final String CSV_FILE = "attention.csv";

    private GattAttention() {}

    /**
     * Measures the attention on the system message, one result per group of {@link GattRetention#GROUPS}.
     *
     * @param answers {@code answers.get(i)}: dialog i's answers as the model gave them, turn 1 first
     * @param turns the most turns reported
     */
    public static List<SystemAttention> measure(LlamaModel model, LlamaTokenizer tokenizer, String label,
                                                List<GattInstruction> dialogs, List<List<String>> answers,
                                                int turns, Set<String> heldOutKinds) {
        if (answers.size() != dialogs.size()) {
            throw new IllegalArgumentException(answers.size() + " answer lists for " + dialogs.size() + " dialogs");
        }
        ChatFormat format = new ChatFormat(tokenizer);
        int layers = model.config().numLayers();
        int heads = model.config().numHeads();
        int groups = GattRetention.GROUPS.size();
        double[][][][] sum = new double[groups][turns][layers][heads];
        int[][] count = new int[groups][turns];
        for (int i = 0; i < dialogs.size(); i++) {
            GattInstruction d = dialogs.get(i);
            int reached = fittingTurns(model, format, d, answers.get(i), Math.min(turns, answers.get(i).size()));
            if (reached == 0) {
                continue;
            }
            double[][][] perTurn = dialog(model, format, d, answers.get(i), reached);
            boolean heldOut = d.constraints().stream().map(GattConstraint::kind).anyMatch(heldOutKinds::contains);
            for (int g = 0; g < groups; g++) {
                String group = GattRetention.GROUPS.get(g);
                if (group.equals("seen") && heldOut || group.equals("held_out") && !heldOut) {
                    continue;
                }
                for (int t = 0; t < reached; t++) {
                    count[g][t]++;
                    for (int l = 0; l < layers; l++) {
                        for (int h = 0; h < heads; h++) {
                            sum[g][t][l][h] += perTurn[t][l][h];
                        }
                    }
                }
            }
        }
        List<SystemAttention> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double[][][] mass = new double[turns][layers][heads];
            for (int t = 0; t < turns; t++) {
                for (int l = 0; l < layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        mass[t][l][h] = count[g][t] == 0 ? Double.NaN : sum[g][t][l][h] / count[g][t];
                    }
                }
            }
            out.add(new SystemAttention(label, GattRetention.GROUPS.get(g), count[g], mass));
        }
        LOG.info("GAtt attention ({}): {} dialogs probed", label, dialogs.size());
        return out;
    }

    /**
     * The most turns, at most {@code reached}, whose full text fits the model's context: an answer cut at
     * {@code maxNewTokens} right at the end of the context takes one more position once written out with its EOS
     * (and a re-encoded answer can take more tokens than were sampled), so the last answered turn of a long dialog
     * may not fit; it is left out of the attention probe.
     */
    static int fittingTurns(LlamaModel model, ChatFormat format, GattInstruction d, List<String> answers,
                            int reached) {
        int n = reached;
        while (n > 0 && format.encodeDialog(messages(d, answers, n)).length() > model.config().maxPositions()) {
            n--;
        }
        return n;
    }

    private static List<Message> messages(GattInstruction d, List<String> answers, int reached) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system(d.text()));
        for (int t = 0; t < reached; t++) {
            messages.add(Message.user(d.userTurns().get(t)));
            messages.add(Message.assistant(answers.get(t)));
        }
        return messages;
    }

    /**
     * The masses of one dialog: {@code [turn − 1][layer][head]} for turns 1..{@code reached}.
     *
     * @param answers the dialog's answers (at least {@code reached})
     */
    static double[][][] dialog(LlamaModel model, ChatFormat format, GattInstruction d, List<String> answers,
                               int reached) {
        List<Message> messages = messages(d, answers, reached);
        ChatTokens tokens = format.encodeDialog(messages);
        if (tokens.length() > model.config().maxPositions()) {
            throw new IllegalArgumentException("dialog " + d.id() + ": " + tokens.length() + " tokens through turn "
                    + reached + ", more than the model's context of " + model.config().maxPositions());
        }
        int[] system = format.systemSpan(messages);
        float[][][] perQuery = AttentionProbe.keySpanMass(model, tokens.ids(), system[0], system[1]);
        int layers = perQuery.length;
        int heads = perQuery[0].length;
        double[][][] out = new double[reached][layers][heads];
        int from = 0;
        for (int t = 0; t < reached; t++) {
            int to = from;
            while (to < tokens.length() && tokens.turn()[to] == t) {
                to++;
            }
            int queryFrom = t == 0 ? system[1] : from;
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    double sum = 0;
                    for (int q = queryFrom; q < to; q++) {
                        sum += perQuery[l][h][q];
                    }
                    out[t][l][h] = sum / (to - queryFrom);
                }
            }
            from = to;
        }
        return out;
    }

    /**
     * Writes every result as CSV: {@code model,group,turn,dialogs,layer,head,mass} with one row per layer and head
     * and a {@code head} of {@code mean} for the mean over heads; turns no dialog reached are left out.
     */
    public static void writeCsv(Path file, List<SystemAttention> results) throws IOException {
        StringBuilder sb = new StringBuilder("model,group,turn,dialogs,layer,head,mass\n");
        for (SystemAttention a : results) {
            for (int t = 1; t <= a.turns(); t++) {
                if (a.dialogs()[t - 1] == 0) {
                    continue;
                }
                for (int l = 0; l < a.layers(); l++) {
                    for (int h = 0; h < a.heads(); h++) {
                        sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%d,%.6f%n", a.model(), a.group(), t,
                                a.dialogs()[t - 1], l + 1, h + 1, a.mass()[t - 1][l][h]));
                    }
                    sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,mean,%.6f%n", a.model(), a.group(), t,
                            a.dialogs()[t - 1], l + 1, a.headMean(t, l)));
                }
            }
        }
        AtomicFile.writeString(file, sb.toString());
    }
}
