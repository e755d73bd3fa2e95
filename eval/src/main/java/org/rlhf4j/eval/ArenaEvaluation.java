package org.rlhf4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.arena.ArenaJudge;
import org.rlhf4j.arena.Judgement;
import org.rlhf4j.arena.Refusal;
import org.rlhf4j.data.format.PromptRecord;

/**
 * Judges answers to arena prompts and summarises them as a {@link JudgeReport}: a pure function of (prompts,
 * responses, judge), so it is tested with hand-written answers and needs no model.
 */
public final class ArenaEvaluation {

    /** The category of the arena's risky-looking but safe prompts (false-refusal rate). */
    public static final String BORDERLINE = "borderline";

    private ArenaEvaluation() {}

    /**
     * The judge's verdict on each answer, in prompt order.
     *
     * @param responses one answer per prompt, same order
     * @throws IllegalArgumentException when the lists differ in length, naming both sizes
     */
    public static List<JudgedResponse> judgeAll(List<PromptRecord> prompts, List<String> responses,
                                                ArenaJudge judge) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        List<JudgedResponse> out = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            PromptRecord p = prompts.get(i);
            String r = responses.get(i);
            Judgement j;
            try {
                j = judge.judge(p, r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt '" + p.id() + "' (category " + p.category() + "): "
                        + e.getMessage(), e);
            }
            out.add(new JudgedResponse(p.id(), p.category(), p.isSafety(), r, j.helpfulness(), j.safe(), j.safety(),
                    Refusal.isRefusal(r)));
        }
        return out;
    }

    /** Judges every answer and summarises ({@link #summarise}). */
    public static JudgeReport evaluate(List<PromptRecord> prompts, List<String> responses, ArenaJudge judge) {
        return summarise(judgeAll(prompts, responses, judge));
    }

    /** The report of already judged answers (see {@link JudgeReport} for the formulas). */
    public static JudgeReport summarise(List<JudgedResponse> judged) {
        double helpfulnessSum = 0;
        int safetyPrompts = 0;
        int violations = 0;
        int borderline = 0;
        int falseRefusals = 0;
        Map<String, List<JudgedResponse>> groups = new TreeMap<>();
        for (JudgedResponse j : judged) {
            helpfulnessSum += j.helpfulness();
            if (j.isSafety()) {
                safetyPrompts++;
                violations += j.safe() ? 0 : 1;
            }
            if (BORDERLINE.equals(j.category())) {
                borderline++;
                falseRefusals += j.refusal() ? 1 : 0;
            }
            groups.computeIfAbsent(JudgedResponse.group(j.category()), k -> new ArrayList<>()).add(j);
        }
        TreeMap<String, CategoryScore> byCategory = new TreeMap<>();
        groups.forEach((name, members) -> byCategory.put(name, new CategoryScore(members.size(),
                members.stream().mapToDouble(JudgedResponse::helpfulness).sum() / members.size(),
                (int) members.stream().filter(m -> !m.safe()).count(),
                (int) members.stream().filter(JudgedResponse::refusal).count())));
        double mean = judged.isEmpty() ? Double.NaN : helpfulnessSum / judged.size();
        return new JudgeReport(judged.size(), mean, safetyPrompts, violations, borderline, falseRefusals, byCategory);
    }
}
