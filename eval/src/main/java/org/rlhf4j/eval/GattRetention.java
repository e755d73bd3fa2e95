package org.rlhf4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.rlhf4j.arena.GattChecker;
import org.rlhf4j.arena.GattConstraint;
import org.rlhf4j.arena.GattInstruction;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ghost Attention's measure (paper §3.3, Table 30): the instruction is given once, as the system message of the
 * first turn; the model answers the user turns one after another (greedy, its own answers kept in the history); the
 * arena's {@link GattChecker} says whether each answer still obeys the instruction. Retention at turn n is the share
 * of dialogs whose n-th answer obeys.
 *
 * <p>Turns stop where the model's context ends: a dialog whose next prompt plus {@code maxNewTokens} no longer fits
 * is not answered further (it leaves the counts from that turn on), so the per-turn counts say how many dialogs a
 * turn's rate rests on. All dialogs of a turn are answered in one batched, greedy pass.
 */
public final class GattRetention {

    private static final Logger LOG = LoggerFactory.getLogger(GattRetention.class);

    /** The groups reported: every dialog, those with only seen kinds, those with a held-out kind. */
    public static final List<String> GROUPS = List.of("all", "seen", "held_out");

    private GattRetention() {}

    /** Reads the arena's retention dialogs ({@code gatt/test.jsonl}); errors name file and line. */
    public static List<GattInstruction> readDialogs(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<GattInstruction> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(json.readValue(lines.get(i), GattInstruction.class));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage().lines().findFirst()
                        .orElse("not a GAtt dialog"), e);
            }
        }
        return out;
    }

    /**
     * Answers every dialog turn by turn and returns one curve per group ({@link #GROUPS}).
     *
     * @param label the model's name in the curves
     * @param maxTurns the most turns answered
     * @param heldOutKinds constraint kinds left out of the GAtt data
     */
    public static List<RetentionCurve> evaluate(ChatSampler sampler, String label, List<GattInstruction> dialogs,
                                                int maxTurns, Set<String> heldOutKinds, ChatSamplingConfig sampling) {
        List<List<String>> answers = answer(sampler, label, dialogs, maxTurns, sampling);
        return tally(label, dialogs, answers, turns(dialogs, maxTurns), heldOutKinds);
    }

    /** The turns an evaluation of {@code dialogs} tries: {@code maxTurns} or the longest dialog, if shorter. */
    public static int turns(List<GattInstruction> dialogs, int maxTurns) {
        return Math.min(maxTurns, dialogs.stream().mapToInt(d -> d.userTurns().size()).max().orElse(0));
    }

    /**
     * Answers every dialog turn by turn (see the class comment) and returns the answers: {@code answers.get(i)}
     * holds dialog i's answers, turn 1 first, as many turns as it reached.
     */
    public static List<List<String>> answer(ChatSampler sampler, String label, List<GattInstruction> dialogs,
                                            int maxTurns, ChatSamplingConfig sampling) {
        ChatFormat format = new ChatFormat(sampler.tokenizer());
        int context = sampler.model().config().maxPositions();
        List<List<String>> answers = new ArrayList<>();
        dialogs.forEach(d -> answers.add(new ArrayList<>()));
        boolean[] open = new boolean[dialogs.size()];
        java.util.Arrays.fill(open, true);
        int turns = turns(dialogs, maxTurns);
        for (int t = 0; t < turns; t++) {
            List<PromptRecord> prompts = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int i = 0; i < dialogs.size(); i++) {
                GattInstruction d = dialogs.get(i);
                if (!open[i] || t >= d.userTurns().size()) {
                    open[i] = false;
                    continue;
                }
                List<Message> messages = messages(d, answers.get(i), t);
                int length = format.encodePrompt(messages).length();
                if (length + sampling.maxNewTokens() - 1 > context) {
                    open[i] = false;
                    continue;
                }
                prompts.add(new PromptRecord(d.id() + "-turn" + (t + 1), messages, false, "gatt"));
                which.add(i);
            }
            if (prompts.isEmpty()) {
                break;
            }
            List<String> out = sampler.answer(prompts, sampling, 0L);
            for (int j = 0; j < out.size(); j++) {
                answers.get(which.get(j)).add(out.get(j));
            }
            LOG.info("GAtt retention ({}): turn {} answered for {} dialogs", label, t + 1, prompts.size());
        }
        return answers;
    }

    /**
     * The curves of already answered dialogs: {@code answers.get(i)} holds dialog i's answers, turn 1 first (as
     * many turns as it reached).
     */
    public static List<RetentionCurve> tally(String label, List<GattInstruction> dialogs, List<List<String>> answers,
                                             int turns, Set<String> heldOutKinds) {
        List<RetentionCurve> out = new ArrayList<>();
        for (String group : GROUPS) {
            int[] n = new int[turns];
            int[] followed = new int[turns];
            for (int i = 0; i < dialogs.size(); i++) {
                GattInstruction d = dialogs.get(i);
                boolean heldOut = d.constraints().stream().map(GattConstraint::kind).anyMatch(heldOutKinds::contains);
                if (group.equals("seen") && heldOut || group.equals("held_out") && !heldOut) {
                    continue;
                }
                List<String> a = answers.get(i);
                for (int t = 0; t < Math.min(turns, a.size()); t++) {
                    n[t]++;
                    followed[t] += GattChecker.holds(d, a.get(t)) ? 1 : 0;
                }
            }
            out.add(new RetentionCurve(label, group, n, followed));
        }
        return out;
    }

    /** Turns 1..t+1 of a dialog: the instruction as the system message, earlier answers, the open user turn. */
    static List<Message> messages(GattInstruction d, List<String> answers, int t) {
        List<Message> m = new ArrayList<>();
        m.add(Message.system(d.text()));
        for (int i = 0; i < t; i++) {
            m.add(Message.user(d.userTurns().get(i)));
            m.add(Message.assistant(answers.get(i)));
        }
        m.add(Message.user(d.userTurns().get(t)));
        return m;
    }

    /**
     * The retention table: one row per turn, one column per curve, {@code 93.3% (28/30)} per cell; turns a curve did
     * not reach read {@code -}.
     */
    public static String table(List<RetentionCurve> curves) {
        StringBuilder sb = new StringBuilder(String.format("%-5s", "turn"));
        int turns = curves.stream().mapToInt(RetentionCurve::turns).max().orElse(0);
        for (RetentionCurve c : curves) {
            sb.append(String.format(" %22s", c.model() + "/" + c.group()));
        }
        sb.append('\n');
        for (int t = 1; t <= turns; t++) {
            sb.append(String.format("%-5d", t));
            for (RetentionCurve c : curves) {
                String cell = t > c.turns() || c.dialogs()[t - 1] == 0 ? "-"
                        : String.format("%.1f%% (%d/%d)", 100 * c.retention(t), c.followed()[t - 1],
                        c.dialogs()[t - 1]);
                sb.append(String.format(" %22s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
