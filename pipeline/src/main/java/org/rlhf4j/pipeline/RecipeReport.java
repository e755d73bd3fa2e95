package org.rlhf4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.eval.WinRate;
import org.rlhf4j.eval.WinRateConfig;
import org.rlhf4j.eval.WinTieLoss;

/**
 * The run's evaluation in the paper's terms (§3.4, §4.4, in miniature): per model version the arena judge's mean
 * helpfulness, safety-violation rate on adversarial prompts, false-refusal rate on borderline prompts, and win / tie /
 * loss against SFT on the fixed test prompts — every rate with its Wilson 95% interval ({@link WilsonRate}).
 *
 * <p>{@code report.json} schema (stable, for scripts): {@code seed}; {@code versions.<name>} for each version in
 * order ({@code base}, {@code sft}, {@code v1} …) with {@code helpfulness}, {@code violation_rate},
 * {@code false_refusal_rate}, {@code win_rate_vs_sft} (wins over decided pairs, absent for {@code sft}), each rate
 * with {@code _low} / {@code _high} bounds and {@code _count} / {@code _trials}, plus {@code ties_vs_sft};
 * {@code reward_models.<version>}: the Table 8 rows of that version's reward models; {@code gatt}: retention per
 * turn with and without GAtt; {@code stages.<name>.wall_seconds} and their sum {@code total_wall_seconds};
 * with a student in the schedule, {@code distillation}: the distilled student against its own SFT
 * ({@link StudentComparison#of}: {@code win_rate_vs_student_sft} with its bounds, count and trials, ties, losses).
 * {@code report.md} holds the same as tables.
 */
public final class RecipeReport {

    /** File names in the run directory. */
    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One evaluated version: its name and judged answers (in test-prompt order). */
    public record Version(String name, List<JudgedResponse> answers) {}

    /** The numbers of one version. */
    public record Row(String name, double helpfulness, WilsonRate violations, WilsonRate falseRefusals, WilsonRate winsVsSft,
                      WinTieLoss vsSft) {}

    private final List<Row> rows;
    private final long seed;
    private final Map<String, Double> stageSeconds;
    private final Map<String, List<Map<String, Object>>> rewardModels;
    private final Object gattRetention;
    /** The distilled student against its own SFT ({@link StudentComparison}), or null without a student. */
    private Map<String, Object> distillation;

    private RecipeReport(long seed, List<Row> rows, Map<String, Double> stageSeconds,
                         Map<String, List<Map<String, Object>>> rewardModels, Object gattRetention) {
        this.gattRetention = gattRetention;
        this.seed = seed;
        this.rows = rows;
        this.stageSeconds = stageSeconds;
        this.rewardModels = rewardModels;
    }

    /**
     * Builds the report.
     *
     * @param versions evaluated versions in schedule order; one must be named {@code sft}
     * @param stageSeconds wall seconds per stage, in schedule order
     * @param rewardModels per version, the Table 8 rows of its reward models ({@code RewardModelEvaluation.Row}
     *     maps: {@code reward_model}, {@code test_set}, {@code accuracy}, {@code pairs}, {@code per_rating})
     * @param gattRetention the GAtt stage's retention curves ({@code RetentionCurve.summary()} maps: {@code model},
     *     {@code group}, {@code turns} with {@code turn}, {@code dialogs}, {@code followed}, {@code retention},
     *     {@code wilson95}), or null without a GAtt stage
     */
    public static RecipeReport of(long seed, List<Version> versions, Map<String, Double> stageSeconds,
                                  Map<String, List<Map<String, Object>>> rewardModels, Object gattRetention) {
        Version sft = versions.stream().filter(v -> v.name().equals("sft")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the report compares versions with sft"));
        WinRateConfig winRate = WinRateConfig.defaults();
        double[] sftScores = scores(sft.answers(), winRate);
        List<Row> rows = versions.stream().map(v -> {
            JudgeReport r = ArenaEvaluation.summarise(v.answers());
            WinTieLoss vs = v == sft ? null
                    : WinRate.compareScores(scores(v.answers(), winRate), sftScores, winRate.tieEpsilon());
            WilsonRate wins = vs == null ? null : WilsonRate.of(vs.wins(), vs.wins() + vs.losses());
            return new Row(v.name(), r.meanHelpfulness(), WilsonRate.of(r.safetyViolations(), r.safetyPrompts()),
                    WilsonRate.of(r.falseRefusals(), r.borderlinePrompts()), wins, vs);
        }).toList();
        return new RecipeReport(seed, rows, new LinkedHashMap<>(stageSeconds), new LinkedHashMap<>(rewardModels),
                gattRetention);
    }

    private static double[] scores(List<JudgedResponse> answers, WinRateConfig config) {
        return answers.stream().mapToDouble(a -> switch (config.axis()) {
            case HELPFULNESS -> a.helpfulness();
            case SAFETY -> a.safety();
        }).toArray();
    }

    /** This report with the student's comparison ({@link StudentComparison#of}) added. */
    public RecipeReport withDistillation(Map<String, Object> studentComparison) {
        RecipeReport r = new RecipeReport(seed, rows, stageSeconds, rewardModels, gattRetention);
        r.distillation = studentComparison;
        return r;
    }

    /** The rows, in version order. */
    public List<Row> rows() {
        return rows;
    }

    /** Writes {@code report.json} and {@code report.md} into {@code runDir}. */
    public void write(Path runDir) throws IOException {
        AtomicFile.writeString(runDir.resolve(JSON_FILE), JSON.writeValueAsString(toJson()) + "\n");
        AtomicFile.writeString(runDir.resolve(MARKDOWN_FILE), toMarkdown());
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", seed);
        Map<String, Object> versions = new LinkedHashMap<>();
        for (Row row : rows) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("helpfulness", finite(row.helpfulness()));
            putRate(v, "violation_rate", row.violations());
            putRate(v, "false_refusal_rate", row.falseRefusals());
            if (row.winsVsSft() != null) {
                putRate(v, "win_rate_vs_sft", row.winsVsSft());
                v.put("ties_vs_sft", row.vsSft().ties());
            }
            versions.put(row.name(), v);
        }
        out.put("versions", versions);
        out.put("reward_models", rewardModels);
        if (gattRetention != null) {
            out.put("gatt", gattRetention);
        }
        if (distillation != null) {
            out.put("distillation", distillation);
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        stageSeconds.forEach((name, s) -> stages.put(name, Map.of("wall_seconds", s)));
        out.put("stages", stages);
        out.put("total_wall_seconds", stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum());
        return out;
    }

    private static void putRate(Map<String, Object> out, String key, WilsonRate rate) {
        out.put(key, finite(rate.rate()));
        out.put(key + "_low", finite(rate.lower()));
        out.put(key + "_high", finite(rate.upper()));
        out.put(key + "_count", rate.successes());
        out.put(key + "_trials", rate.trials());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The per-version table as printed by the demo. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-8s %11s  %-30s %-30s %s%n", "model", "helpfulness", "safety violations [95% CI]",
                "false refusals [95% CI]", "wins vs sft (decided) [95% CI]"));
        for (Row row : rows) {
            s.append(String.format("%-8s %11.3f  %-30s %-30s %s%n", row.name(), row.helpfulness(),
                    row.violations().format(), row.falseRefusals().format(),
                    row.winsVsSft() == null ? "-" : row.winsVsSft().format()));
        }
        return s.toString();
    }

    /** {@code "89.3 (869)"}: accuracy in percent and pairs, or "–" without pairs. */
    private static String accuracy(Map<?, ?> cell) {
        Object accuracy = cell.get("accuracy");
        Object pairs = cell.get("pairs");
        return accuracy instanceof Number a ? String.format("%.1f (%s)", 100 * a.doubleValue(), pairs) : "–";
    }

    private static String percent(Object rate) {
        return rate instanceof Number n ? String.format("%.1f%%", 100 * n.doubleValue()) : "–";
    }

    String toMarkdown() {
        StringBuilder s = new StringBuilder("# Recipe report (seed ").append(seed).append(")\n\n");
        s.append("Arena judge on the fixed test prompts. Rates with Wilson 95% intervals; wins counted over decided ")
                .append("(non-tied) pairs against SFT.\n\n");
        s.append("| version | helpfulness | safety violations | false refusals | wins vs SFT | ties vs SFT |\n");
        s.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            s.append(String.format("| %s | %.3f | %s | %s | %s | %s |%n", row.name(), row.helpfulness(),
                    row.violations().format(), row.falseRefusals().format(),
                    row.winsVsSft() == null ? "-" : row.winsVsSft().format(),
                    row.vsSft() == null ? "-" : Integer.toString(row.vsSft().ties())));
        }
        if (!rewardModels.isEmpty()) {
            s.append("\n## Reward models (Table 8): accuracy on held-out pairs per rating\n\n");
            s.append("| version | reward model | test set | all | significantly better | better | slightly better | ")
                    .append("negligibly better / unsure |\n|---|---|---|---|---|---|---|---|\n");
            rewardModels.forEach((version, table) -> {
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
        if (gattRetention instanceof List<?> curves) {
            s.append("\n## Ghost Attention: instruction retention per turn (Table 30)\n\n")
                    .append("| model | constraint kinds | turn 2 | turn 4 | turn 6 |\n|---|---|---|---|---|\n");
            for (Object c : curves) {
                if (c instanceof Map<?, ?> curve && curve.get("turns") instanceof List<?> turns) {
                    s.append("| ").append(curve.get("model")).append(" | ").append(curve.get("group")).append(" |");
                    for (int turn : new int[] {2, 4, 6}) {
                        Object cell = turn <= turns.size() ? turns.get(turn - 1) : null;
                        s.append(' ').append(cell instanceof Map<?, ?> m && m.get("retention") instanceof Number r
                                ? String.format("%.1f%% (%s/%s)", 100 * r.doubleValue(), m.get("followed"),
                                        m.get("dialogs")) : "–").append(" |");
                    }
                    s.append('\n');
                }
            }
        }
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
        stageSeconds.forEach((name, sec) -> s.append(String.format("| %s | %.1f |%n", name, sec)));
        return s.toString();
    }
}
