package org.rlhf4j.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.pipeline.RecipeReport.PpoComparison;
import org.rlhf4j.pipeline.RecipeReport.Row;
import org.rlhf4j.rewardmodel.RewardModelJudge;

/**
 * {@code report.md}: the {@link RecipeReport}'s numbers as tables, each figure linked with a sentence on what it
 * shows, in the report's order (versions, RM judges, best of N, reward distributions, Self-BLEU, Table 8, GAtt
 * retention, distillation, stages).
 */
final class ReportMarkdown {

    private ReportMarkdown() {}

    /** {@code "89.3 (869)"}: accuracy in percent and pairs, or "–" without pairs. */
    private static String accuracy(Map<?, ?> cell) {
        Object accuracy = cell.get("accuracy");
        Object pairs = cell.get("pairs");
        return accuracy instanceof Number a ? String.format("%.1f (%s)", 100 * a.doubleValue(), pairs) : "–";
    }

    private static String percent(Object rate) {
        return rate instanceof Number n ? String.format("%.1f%%", 100 * n.doubleValue()) : "–";
    }

    /** {@code "0.123 [-0.456, 0.789]"} of the values, or "–" without values. */
    private static String quantiles(double[] values) {
        if (values == null || values.length == 0) {
            return "–";
        }
        Map<String, Object> d = RecipeReport.distribution(values);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (n=%d)", d.get("median"), d.get("p10"), d.get("p90"),
                values.length);
    }

    static String render(RecipeReport r) {
        StringBuilder s = new StringBuilder("# Recipe report (seed ").append(r.seed()).append(")\n\n");
        s.append("Arena judge on the fixed test prompts. Rates with Wilson 95% intervals; wins counted over decided ")
                .append("(non-tied) pairs against SFT.\n\n");
        s.append("| version | helpfulness | safety violations | false refusals | wins vs SFT | ties vs SFT |\n");
        s.append("|---|---|---|---|---|---|\n");
        for (Row row : r.rows()) {
            s.append(String.format("| %s | %.3f | %s | %s | %s | %s |%n", row.name(), row.helpfulness(),
                    row.violations().format(), row.falseRefusals().format(),
                    row.winsVsSft() == null ? "-" : row.winsVsSft().format(),
                    row.vsSft() == null ? "-" : Integer.toString(row.vsSft().ties())));
        }
        for (PpoComparison c : r.ppoComparisons()) {
            s.append(String.format("%nPPO: %s against %s%s (arena judge, same prompts): %d wins, %d ties, %d losses; "
                            + "wins over decided pairs %s.%n", c.version(), c.version(), RecipeReport.NO_PPO_SUFFIX, c.vs().wins(),
                    c.vs().ties(), c.vs().losses(), c.wins().format()));
        }
        Map<String, String> figures = r.figures();
        if (figures.containsKey("rates")) {
            s.append("\n![rates](").append(figures.get("rates")).append(")\n\n")
                    .append("Each version's mean helpfulness (Student-t 95% interval), safety-violation rate on the ")
                    .append("adversarial prompts and false-refusal rate on the borderline ones (Wilson 95% intervals), ")
                    .append("versions in schedule order.\n");
        }
        if (figures.containsKey("win_tie_loss")) {
            s.append("\n## Win / tie / loss against SFT: the arena judge and the reward models as judges (Fig. 11)\n\n")
                    .append("Each version's answer to a test prompt against SFT's. The arena judge ties answers whose ")
                    .append("helpfulness differs by at most the tie margin; an RM judge (the last version's RM) ties ")
                    .append("only equal scores (identical answers). Win rates over decided pairs, Wilson 95%.\n\n")
                    .append("| version | arena: win / tie / loss | win rate | Helpfulness RM: win / tie / loss | ")
                    .append("win rate | Safety RM: win / tie / loss | win rate |\n|---|---|---|---|---|---|---|\n");
            for (Row row : r.rows()) {
                if (row.vsSft() == null) {
                    continue;
                }
                s.append(String.format("| %s | %d / %d / %d | %s |", row.name(), row.vsSft().wins(), row.vsSft().ties(),
                        row.vsSft().losses(), row.winsVsSft().format()));
                Map<String, RewardModelJudge> judges = r.evidence().rmJudge().getOrDefault(row.name(), Map.of());
                for (String rm : List.of("helpfulness_rm", "safety_rm")) {
                    RewardModelJudge j = judges.get(rm);
                    s.append(j == null ? " – | – |" : String.format(" %d / %d / %d | %s |", j.wins(), j.ties(),
                            j.losses(), WilsonRate.of(j.wins(), j.wins() + j.losses()).format()));
                }
                s.append('\n');
            }
            s.append("\n![win / tie / loss](").append(figures.get("win_tie_loss")).append(")\n\n")
                    .append("Share of test prompts each version wins (green), ties (grey) and loses (red) against ")
                    .append("SFT, by the arena judge and, beside it, by each reward model as the judge.\n");
        }
        if (figures.containsKey("best_of_n")) {
            s.append("\n## Rejection sampling: max and median reward against N (Fig. 7)\n\n")
                    .append("| version | temperature | median of 1 | median of K | max of K | K |\n")
                    .append("|---|---|---|---|---|---|\n");
            r.evidence().bestOfN().forEach((version, c) -> {
                int k = c.expectedMax().length;
                s.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %d |%n", version,
                        c.temperature(), c.expectedMedian()[0], c.expectedMedian()[k - 1], c.expectedMax()[k - 1], k));
            });
            s.append("\n![best of N](").append(figures.get("best_of_n")).append(")\n\n")
                    .append("For each version's rejection sampling at the temperature it chose: the expected maximum ")
                    .append("(solid) and median (dashed) reward among N samples of the previous version, under that ")
                    .append("version's reward models; the gap between them is what best-of-N gains over one sample.\n");
        }
        if (figures.containsKey("reward_helpfulness")) {
            s.append("\n## Reward distribution of each version's answers (Fig. 20)\n\n")
                    .append("Every version's answers to the test prompts scored by the last version's reward models ")
                    .append("(one yardstick for all versions; logits).\n\n")
                    .append("| version | Helpfulness RM, helpfulness prompts: median [p10, p90] | ")
                    .append("Safety RM, safety prompts: median [p10, p90] |\n|---|---|---|\n");
            Map<String, double[]> help = r.rewardScores(false);
            Map<String, double[]> safe = r.rewardScores(true);
            for (Row row : r.rows()) {
                s.append("| ").append(row.name()).append(" | ").append(quantiles(help.get(row.name()))).append(" | ")
                        .append(quantiles(safe.get(row.name()))).append(" |\n");
            }
            s.append("\n![Helpfulness RM scores](").append(figures.get("reward_helpfulness")).append(")\n\n")
                    .append("Histogram of the Helpfulness RM score of each version's answers to the helpfulness test ")
                    .append("prompts, one line per version: the distribution shifts right as the versions improve.\n")
                    .append("\n![Safety RM scores](").append(figures.get("reward_safety")).append(")\n\n")
                    .append("The same for the Safety RM on the adversarial test prompts.\n");
        }
        if (figures.containsKey("self_bleu")) {
            s.append("\n## Diversity: Self-BLEU against temperature (Fig. 21)\n\n")
                    .append("Self-BLEU (BLEU+1 of each sample against the prompt's other samples; 1 = all samples ")
                    .append("alike, lower = more diverse) averaged over creative (poem) and factual test prompts.\n\n")
                    .append("| model | prompts |");
            List<Double> temps = r.evidence().diversity().stream().map(DiversityEvaluation.Point::temperature)
                    .distinct().toList();
            temps.forEach(t -> s.append(" T=").append(t).append(" |"));
            s.append("\n|---|---|").append("---|".repeat(temps.size())).append('\n');
            Map<String, Map<Double, Double>> byLine = new LinkedHashMap<>();
            for (DiversityEvaluation.Point p : r.evidence().diversity()) {
                byLine.computeIfAbsent(p.model() + " | " + p.kind() + " (" + p.prompts() + ")",
                        k -> new LinkedHashMap<>()).put(p.temperature(), p.selfBleu());
            }
            byLine.forEach((line, values) -> {
                s.append("| ").append(line).append(" |");
                temps.forEach(t -> s.append(values.containsKey(t)
                        ? String.format(Locale.ROOT, " %.3f |", values.get(t)) : " – |"));
                s.append('\n');
            });
            s.append("\n![Self-BLEU](").append(figures.get("self_bleu")).append(")\n\n")
                    .append("Self-BLEU of the samples against the sampling temperature, creative prompts solid and ")
                    .append("factual ones dashed: RLHF should keep factual answers alike at every temperature while ")
                    .append("creative answers grow more diverse as the temperature rises.\n");
        }
        if (!r.rewardModels().isEmpty()) {
            s.append("\n## Reward models (Table 8): accuracy on held-out pairs per rating\n\n");
            s.append("| version | reward model | test set | all | significantly better | better | slightly better | ")
                    .append("negligibly better / unsure |\n|---|---|---|---|---|---|---|---|\n");
            r.rewardModels().forEach((version, table) -> {
                for (Map<String, Object> row : table) {
                    s.append("| ").append(version).append(" | ").append(row.get("reward_model")).append(" | ")
                            .append(row.get("test_set")).append(" | ").append(accuracy(row)).append(" |");
                    if (row.get("per_rating") instanceof Map<?, ?> perRating) {
                        for (Rating rating : Rating.values()) { // the paper's column order, whatever the map's
                            Object bucket = perRating.get(rating.json());
                            s.append(' ').append(bucket instanceof Map<?, ?> b ? accuracy(b) : "–").append(" |");
                        }
                    }
                    s.append('\n');
                }
            });
        }
        if (r.gattRetention() instanceof List<?> curves) {
            s.append("\n## Ghost Attention: instruction retention per turn (Table 30)\n\n")
                    .append("| model | constraint kinds | turn 2 | turn 4 | turn 6 |\n|---|---|---|---|---|\n");
            for (Object c : curves) {
                if (c instanceof Map<?, ?> curve && curve.get("turns") instanceof List<?> turns) {
                    s.append("| ").append(curve.get("model")).append(" | ").append(curve.get("group")).append(" |");
                    for (int turn : new int[] {2, 4, 6}) {
                        Object cell = turn <= turns.size() ? turns.get(turn - 1) : null;
                        s.append(' ').append(cell instanceof Map<?, ?> m && m.get("retention") instanceof Number rate
                                ? String.format("%.1f%% (%s/%s)", 100 * rate.doubleValue(), m.get("followed"),
                                        m.get("dialogs")) : "–").append(" |");
                    }
                    s.append('\n');
                }
            }
        }
        Map<String, Object> distillation = r.distillation();
        if (distillation != null) {
            s.append("\n## Distillation into a smaller student\n\n").append(String.format(
                    "Student `%s` fine-tuned on the teacher's %s selections, against its own SFT: wins %s of %s decided"
                            + " pairs (%s [%s, %s]), %s ties.%n", distillation.get("student_preset"),
                    distillation.get("teacher_selections"), distillation.get("win_rate_vs_student_sft_count"),
                    distillation.get("win_rate_vs_student_sft_trials"),
                    percent(distillation.get("win_rate_vs_student_sft")),
                    percent(distillation.get("win_rate_vs_student_sft_low")),
                    percent(distillation.get("win_rate_vs_student_sft_high")),
                    distillation.get("ties_vs_student_sft")));
        }
        s.append("\n## Stages\n\n| stage | wall seconds |\n|---|---|\n");
        r.stageSeconds().forEach((name, sec) -> s.append(String.format("| %s | %.1f |%n", name, sec)));
        return s.toString();
    }
}
