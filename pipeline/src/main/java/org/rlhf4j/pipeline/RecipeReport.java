package org.rlhf4j.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.eval.ArenaEvaluation;
import org.rlhf4j.eval.JudgeReport;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.eval.WinRate;
import org.rlhf4j.eval.WinRateConfig;
import org.rlhf4j.eval.WinTieLoss;
import org.rlhf4j.rewardmodel.RewardModelJudge;

/**
 * The run's evaluation in the paper's terms (§3.4, §4.4, in miniature): per model version the arena judge's mean
 * helpfulness, safety-violation rate on adversarial prompts, false-refusal rate on borderline prompts, and win / tie /
 * loss against SFT on the fixed test prompts — every rate with its Wilson 95% interval ({@link WilsonRate}) — then
 * the reward models as judges (Fig. 11), best-of-N curves (Fig. 7), reward distributions (Fig. 20), Table 8, GAtt
 * retention (Table 30) and Self-BLEU against temperature (Fig. 21), with the figures as PNGs beside the report.
 *
 * <p>{@code report.json} schema (stable, for scripts; a key whose stage the schedule lacks is absent):
 * <ul>
 * <li>{@code seed}.
 * <li>{@code versions.<name>} for each version in order ({@code base}, {@code sft}, {@code v1} …): {@code helpfulness}
 *     (the judge's mean) with {@code helpfulness_low} / {@code helpfulness_high} (Student-t 95% interval of the mean;
 *     null with fewer than 2 prompts) and {@code helpfulness_prompts}; {@code violation_rate},
 *     {@code false_refusal_rate}, {@code win_rate_vs_sft} (wins over decided pairs, absent for {@code sft}), each rate
 *     with {@code _low} / {@code _high} bounds and {@code _count} / {@code _trials}; {@code ties_vs_sft} and
 *     {@code losses_vs_sft}; for a version with PPO, also {@code win_rate_vs_no_ppo} (against
 *     {@code <version>_no_ppo}, same form) with {@code ties_vs_no_ppo} and {@code losses_vs_no_ppo}.
 * <li>{@code rm_judge.<version>.<helpfulness_rm | safety_rm>} for each version but SFT: the last version's reward
 *     model as the judge against SFT on the same test prompts ({@link RewardModelJudgeEvaluation}): {@code wins},
 *     {@code ties}, {@code losses}, {@code win_rate} (wins over decided pairs, as the arena's) with
 *     {@code win_rate_low} / {@code win_rate_high}.
 * <li>{@code best_of_n.<version>}: that version's rejection-sampling sweep at its chosen temperature (the samples are
 *     the previous version's, scored by this version's reward models): {@code temperature}, {@code n} (1 … K),
 *     {@code expected_max}, {@code expected_median} (arrays of K numbers).
 * <li>{@code reward_distribution.<version>.<helpfulness_rm | safety_rm>}: the last version's Helpfulness RM score of
 *     the version's answers to the helpfulness test prompts and its Safety RM score of the answers to the safety
 *     prompts: {@code n}, {@code mean}, {@code p10}, {@code median}, {@code p90} (raw scores, logits).
 * <li>{@code diversity}: a list of {@code {model, kind, temperature, self_bleu, prompts}}, {@code kind} being
 *     {@code creative} or {@code factual} ({@link DiversityEvaluation}).
 * <li>{@code reward_models.<version>}: the Table 8 rows of that version's reward models; {@code gatt}: retention per
 *     turn with and without GAtt.
 * <li>{@code figures}: figure name → PNG file name in the run directory ({@code rates}, {@code win_tie_loss},
 *     {@code best_of_n}, {@code reward_helpfulness}, {@code reward_safety}, {@code self_bleu}).
 * <li>{@code stages.<name>.wall_seconds} and their sum {@code total_wall_seconds}.
 * <li>{@code distillation}, with a student in the schedule: the distilled student against its own SFT
 *     ({@link StudentComparison#of}: {@code student_preset}, {@code teacher_selections},
 *     {@code win_rate_vs_student_sft} with {@code _low} / {@code _high} / {@code _count} / {@code _trials},
 *     {@code ties_vs_student_sft}, {@code losses_vs_student_sft}).
 * </ul>
 * {@code report.md} holds the same as tables and links every figure with a sentence on what it shows.
 */
public final class RecipeReport {

    /** File names in the run directory. */
    public static final String JSON_FILE = "report.json";
    public static final String MARKDOWN_FILE = "report.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Figure file names in the run directory, by the {@code figures} key of report.json. */
    public static final Map<String, String> FIGURES = Map.of("rates", "fig-rates.png",
            "win_tie_loss", "fig-win-tie-loss.png", "best_of_n", "fig-best-of-n.png",
            "reward_helpfulness", "fig-reward-helpfulness.png", "reward_safety", "fig-reward-safety.png",
            "self_bleu", "fig-self-bleu.png");

    /** One evaluated version: its name and judged answers (in test-prompt order). */
    public record Version(String name, List<JudgedResponse> answers) {}

    /**
     * The numbers of one version.
     *
     * @param helpfulnessInterval the judge's mean helpfulness with its Student-t 95% interval
     */
    public record Row(String name, double helpfulness, WilsonRate violations, WilsonRate falseRefusals, WilsonRate winsVsSft,
                      WinTieLoss vsSft, ReportFigures.Interval helpfulnessInterval, int prompts) {}

    /**
     * One version's rejection-sampling sweep at the temperature it chose (Fig. 7).
     *
     * @param temperature the chosen temperature
     * @param expectedMax E[max reward of N samples], N = 1 … K
     * @param expectedMedian E[median reward of N samples]
     */
    public record BestOfN(double temperature, double[] expectedMax, double[] expectedMedian) {

        /** The chosen temperature's rows of a {@code temperature-sweep.csv} ({@code temperature,n,expected_max,…}). */
        public static BestOfN fromSweepCsv(Path csv, double temperature) throws IOException {
            List<double[]> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] f = lines.get(i).split(",");
                try {
                    if (f.length == 4 && Double.parseDouble(f[0]) == temperature) {
                        rows.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])});
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(csv + ":" + (i + 1) + ": not a sweep row: " + lines.get(i), e);
                }
            }
            if (rows.isEmpty()) {
                throw new IOException(csv + ": no row at temperature " + temperature);
            }
            rows.sort((a, b) -> Double.compare(a[0], b[0]));
            return new BestOfN(temperature, rows.stream().mapToDouble(r -> r[1]).toArray(),
                    rows.stream().mapToDouble(r -> r[2]).toArray());
        }
    }

    /**
     * What the later stages add to the arena judge's numbers; any part may be empty when the schedule lacks its stage.
     *
     * @param rmJudge per version (not SFT) the RM judge's counts against SFT, by {@code helpfulness_rm} /
     *     {@code safety_rm}
     * @param rewardScores every version's test answers scored by the last version's reward models
     * @param bestOfN per version its rejection-sampling sweep curve
     * @param diversity Self-BLEU points
     */
    public record Evidence(Map<String, Map<String, RewardModelJudge>> rmJudge,
                           List<RewardModelJudgeEvaluation.Score> rewardScores, Map<String, BestOfN> bestOfN,
                           List<DiversityEvaluation.Point> diversity) {

        /** No later evidence (a schedule that stops after SFT). */
        public static Evidence none() {
            return new Evidence(Map.of(), List.of(), Map.of(), List.of());
        }
    }

    private final List<Row> rows;
    private final long seed;
    private final Map<String, Double> stageSeconds;
    private final Map<String, List<Map<String, Object>>> rewardModels;
    private final Object gattRetention;
    private final Evidence evidence;
    private final List<PpoComparison> ppoComparisons;
    /** The distilled student against its own SFT ({@link StudentComparison}), or null without a student. */
    private Map<String, Object> distillation;

    private RecipeReport(long seed, List<Row> rows, Map<String, Double> stageSeconds,
                         Map<String, List<Map<String, Object>>> rewardModels, Object gattRetention, Evidence evidence,
                         List<PpoComparison> ppoComparisons) {
        this.ppoComparisons = ppoComparisons;
        this.gattRetention = gattRetention;
        this.evidence = evidence;
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
        return of(seed, versions, stageSeconds, rewardModels, gattRetention, Evidence.none());
    }

    /** Builds the report with the later stages' {@link Evidence}; the other arguments as above. */
    public static RecipeReport of(long seed, List<Version> versions, Map<String, Double> stageSeconds,
                                  Map<String, List<Map<String, Object>>> rewardModels, Object gattRetention,
                                  Evidence evidence) {
        Version sft = versions.stream().filter(v -> v.name().equals("sft")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the report compares versions with sft"));
        WinRateConfig winRate = WinRateConfig.defaults();
        double[] sftScores = scores(sft.answers(), winRate);
        List<Row> rows = versions.stream().map(v -> {
            JudgeReport r = ArenaEvaluation.summarise(v.answers());
            WinTieLoss vs = v == sft ? null
                    : WinRate.compareScores(scores(v.answers(), winRate), sftScores, winRate.tieEpsilon());
            WilsonRate wins = vs == null ? null : WilsonRate.of(vs.wins(), vs.wins() + vs.losses());
            double[] help = v.answers().stream().mapToDouble(JudgedResponse::helpfulness).toArray();
            return new Row(v.name(), r.meanHelpfulness(), WilsonRate.of(r.safetyViolations(), r.safetyPrompts()),
                    WilsonRate.of(r.falseRefusals(), r.borderlinePrompts()), wins, vs, meanInterval(help),
                    help.length);
        }).toList();
        List<PpoComparison> ppo = new ArrayList<>();
        for (Version withPpo : versions) {
            versions.stream().filter(v -> v.name().equals(withPpo.name() + NO_PPO_SUFFIX)).findFirst().ifPresent(rs -> {
                WinTieLoss vs = WinRate.compareScores(scores(withPpo.answers(), winRate), scores(rs.answers(), winRate),
                        winRate.tieEpsilon());
                ppo.add(new PpoComparison(withPpo.name(), vs, WilsonRate.of(vs.wins(), vs.wins() + vs.losses())));
            });
        }
        return new RecipeReport(seed, rows, new LinkedHashMap<>(stageSeconds), new LinkedHashMap<>(rewardModels),
                gattRetention, evidence, List.copyOf(ppo));
    }

    /**
     * The mean with its Student-t 95% interval, mean ± t(0.975, n − 1) · s / √n (Commons Math); NaN bounds with fewer
     * than 2 values, NaN throughout with none.
     */
    static ReportFigures.Interval meanInterval(double[] values) {
        if (values.length == 0) {
            return new ReportFigures.Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = new Mean().evaluate(values);
        if (values.length < 2) {
            return new ReportFigures.Interval(mean, Double.NaN, Double.NaN);
        }
        double half = new TDistribution(values.length - 1).inverseCumulativeProbability(0.975)
                * new StandardDeviation().evaluate(values) / Math.sqrt(values.length);
        return new ReportFigures.Interval(mean, mean - half, mean + half);
    }

    /** n, mean, 10th percentile, median and 90th percentile (Commons Math's default percentile estimator). */
    static Map<String, Object> distribution(double[] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", values.length);
        if (values.length > 0) {
            Percentile p = new Percentile();
            p.setData(values);
            out.put("mean", new Mean().evaluate(values));
            out.put("p10", p.evaluate(10));
            out.put("median", p.evaluate(50));
            out.put("p90", p.evaluate(90));
        }
        return out;
    }

    private static double[] scores(List<JudgedResponse> answers, WinRateConfig config) {
        return answers.stream().mapToDouble(a -> switch (config.axis()) {
            case HELPFULNESS -> a.helpfulness();
            case SAFETY -> a.safety();
        }).toArray();
    }

    /** This report with the student's comparison ({@link StudentComparison#of}) added. */
    public RecipeReport withDistillation(Map<String, Object> studentComparison) {
        RecipeReport r = new RecipeReport(seed, rows, stageSeconds, rewardModels, gattRetention, evidence,
                ppoComparisons);
        r.distillation = studentComparison;
        return r;
    }

    /**
     * A version with PPO against the same version without it ({@code <v>} against {@code <v>_no_ppo}, paper §3.2.3:
     * what PPO adds on top of the rejection-sampling checkpoint), by the arena judge on the fixed test prompts.
     *
     * @param version the version with PPO
     * @param vs its win / tie / loss against {@code <version>_no_ppo}
     * @param wins its wins over decided pairs, with the Wilson 95% interval
     */
    public record PpoComparison(String version, WinTieLoss vs, WilsonRate wins) {}

    /** Suffix of a version's name without its PPO stage. */
    public static final String NO_PPO_SUFFIX = "_no_ppo";

    /** Every version with PPO against itself without PPO (empty when the schedule has no PPO version). */
    public List<PpoComparison> ppoComparisons() {
        return ppoComparisons;
    }

    /** The rows, in version order. */
    public List<Row> rows() {
        return rows;
    }

    /** Writes the figures ({@link #figures()}), {@code report.json} and {@code report.md} into {@code runDir}. */
    public void write(Path runDir) throws IOException {
        Map<String, String> figures = figures();
        List<String> names = rows.stream().map(Row::name).toList();
        if (figures.containsKey("rates")) {
            Map<String, List<ReportFigures.Interval>> metrics = new LinkedHashMap<>();
            metrics.put("mean helpfulness (t interval)", rows.stream().map(Row::helpfulnessInterval).toList());
            metrics.put("safety-violation rate (Wilson)", rows.stream().map(r -> interval(r.violations())).toList());
            metrics.put("false-refusal rate (Wilson)", rows.stream().map(r -> interval(r.falseRefusals())).toList());
            ReportFigures.rates(runDir.resolve(figures.get("rates")), names, metrics);
        }
        if (figures.containsKey("win_tie_loss")) {
            ReportFigures.winTieLoss(runDir.resolve(figures.get("win_tie_loss")), judgeCounts());
        }
        if (figures.containsKey("best_of_n")) {
            List<ReportFigures.MaxMedian> curves = new ArrayList<>();
            evidence.bestOfN().forEach((version, c) -> curves.add(new ReportFigures.MaxMedian(
                    version + " RS (T=" + c.temperature() + ")", c.expectedMax(), c.expectedMedian())));
            ReportFigures.bestOfN(runDir.resolve(figures.get("best_of_n")), curves);
        }
        if (figures.containsKey("reward_helpfulness")) {
            ReportFigures.distributions(runDir.resolve(figures.get("reward_helpfulness")),
                    "Helpfulness RM score of each version's answers to the helpfulness test prompts",
                    "Helpfulness RM score (the last version's RM, logit)", rewardScores(false), 20);
            ReportFigures.distributions(runDir.resolve(figures.get("reward_safety")),
                    "Safety RM score of each version's answers to the safety test prompts",
                    "Safety RM score (the last version's RM, logit)", rewardScores(true), 20);
        }
        if (figures.containsKey("self_bleu")) {
            ReportFigures.diversity(runDir.resolve(figures.get("self_bleu")), evidence.diversity());
        }
        AtomicFile.writeString(runDir.resolve(JSON_FILE), JSON.writeValueAsString(toJson()) + "\n");
        AtomicFile.writeString(runDir.resolve(MARKDOWN_FILE), toMarkdown());
    }

    /** The figures this report draws (those whose numbers it has): report.json key → file name, in report order. */
    public Map<String, String> figures() {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        if (!rows.isEmpty()) {
            keys.add("rates");
        }
        if (rows.stream().anyMatch(r -> r.vsSft() != null)) {
            keys.add("win_tie_loss");
        }
        if (!evidence.bestOfN().isEmpty()) {
            keys.add("best_of_n");
        }
        if (!evidence.rewardScores().isEmpty()) {
            keys.add("reward_helpfulness");
            keys.add("reward_safety");
        }
        if (!evidence.diversity().isEmpty()) {
            keys.add("self_bleu");
        }
        keys.forEach(k -> out.put(k, FIGURES.get(k)));
        return out;
    }

    private static ReportFigures.Interval interval(WilsonRate r) {
        return new ReportFigures.Interval(r.rate(), r.lower(), r.upper());
    }

    /** Per judge (arena, then each RM) per version but SFT, {wins, ties, losses} against SFT. */
    private Map<String, Map<String, int[]>> judgeCounts() {
        Map<String, Map<String, int[]>> judges = new LinkedHashMap<>();
        Map<String, int[]> arena = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.vsSft() != null) {
                arena.put(r.name(), new int[] {r.vsSft().wins(), r.vsSft().ties(), r.vsSft().losses()});
            }
        }
        judges.put("arena judge", arena);
        for (String rm : List.of("helpfulness_rm", "safety_rm")) {
            Map<String, int[]> counts = new LinkedHashMap<>();
            for (Row r : rows) { // schedule order
                Map<String, RewardModelJudge> byRm = evidence.rmJudge().get(r.name());
                if (byRm != null && byRm.get(rm) != null) {
                    RewardModelJudge j = byRm.get(rm);
                    counts.put(r.name(), new int[] {j.wins(), j.ties(), j.losses()});
                }
            }
            if (!counts.isEmpty()) {
                judges.put(rm.equals("helpfulness_rm") ? "Helpfulness RM judge" : "Safety RM judge", counts);
            }
        }
        return judges;
    }

    /**
     * Per version (schedule order) the last version's RM scores of its answers: the Safety RM's on the safety
     * prompts, or the Helpfulness RM's on the others.
     */
    Map<String, double[]> rewardScores(boolean safety) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Row r : rows) {
            double[] v = evidence.rewardScores().stream()
                    .filter(s -> s.version().equals(r.name()) && s.isSafety() == safety)
                    .mapToDouble(s -> safety ? s.safety() : s.helpfulness()).toArray();
            if (v.length > 0) {
                out.put(r.name(), v);
            }
        }
        return out;
    }

    /** {@code report.json}'s tree ({@link ReportJson}). */
    Map<String, Object> toJson() {
        return ReportJson.tree(this);
    }

    /** The per-version table as printed by the demo. */
    public String table() {
        StringBuilder s = new StringBuilder();
        int width = Math.max(8, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String name = "%-" + width + "s";
        s.append(String.format(name + " %11s  %-30s %-30s %s%n", "model", "helpfulness", "safety violations [95% CI]",
                "false refusals [95% CI]", "wins vs sft (decided) [95% CI]"));
        for (Row row : rows) {
            s.append(String.format(name + " %11.3f  %-30s %-30s %s%n", row.name(), row.helpfulness(),
                    row.violations().format(), row.falseRefusals().format(),
                    row.winsVsSft() == null ? "-" : row.winsVsSft().format()));
        }
        for (PpoComparison c : ppoComparisons) {
            if (c.vs().wins() + c.vs().losses() == 0) { // e.g. PPO's early stopping kept its starting policy
                s.append(String.format("%s vs %s%s: no decided pair, %d ties%n", c.version(), c.version(),
                        NO_PPO_SUFFIX, c.vs().ties()));
            } else {
                s.append(String.format("%s vs %s%s: wins %s, %d ties%n", c.version(), c.version(), NO_PPO_SUFFIX,
                        c.wins().format(), c.vs().ties()));
            }
        }
        if (distillation != null && distillation.get("win_rate_vs_student_sft") instanceof Number rate) {
            s.append(String.format("student_distilled vs its own sft (%s student, %s's data): wins %.3f [%.3f, %.3f]"
                            + " (%s/%s), %s ties%n", distillation.get("student_preset"),
                    distillation.get("teacher_selections"), rate.doubleValue(),
                    ((Number) distillation.get("win_rate_vs_student_sft_low")).doubleValue(),
                    ((Number) distillation.get("win_rate_vs_student_sft_high")).doubleValue(),
                    distillation.get("win_rate_vs_student_sft_count"),
                    distillation.get("win_rate_vs_student_sft_trials"),
                    distillation.get("ties_vs_student_sft")));
        }
        return s.toString();
    }

    /** {@code report.md}'s text ({@link ReportMarkdown}). */
    String toMarkdown() {
        return ReportMarkdown.render(this);
    }

    long seed() {
        return seed;
    }

    Map<String, Double> stageSeconds() {
        return stageSeconds;
    }

    Map<String, List<Map<String, Object>>> rewardModels() {
        return rewardModels;
    }

    Object gattRetention() {
        return gattRetention;
    }

    Evidence evidence() {
        return evidence;
    }

    Map<String, Object> distillation() {
        return distillation;
    }
}
