package org.rlhf4j.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.pipeline.RecipeReport.PpoComparison;
import org.rlhf4j.pipeline.RecipeReport.Row;

/** {@code report.json}: the {@link RecipeReport}'s numbers as the stable tree its Javadoc documents. */
final class ReportJson {

    private ReportJson() {}

    static Map<String, Object> tree(RecipeReport r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", r.seed());
        Map<String, Object> versions = new LinkedHashMap<>();
        for (Row row : r.rows()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("helpfulness", finite(row.helpfulness()));
            v.put("helpfulness_low", finite(row.helpfulnessInterval().low()));
            v.put("helpfulness_high", finite(row.helpfulnessInterval().high()));
            v.put("helpfulness_prompts", row.prompts());
            putRate(v, "violation_rate", row.violations());
            putRate(v, "false_refusal_rate", row.falseRefusals());
            if (row.winsVsSft() != null) {
                putRate(v, "win_rate_vs_sft", row.winsVsSft());
                v.put("ties_vs_sft", row.vsSft().ties());
                v.put("losses_vs_sft", row.vsSft().losses());
            }
            for (PpoComparison c : r.ppoComparisons()) {
                if (c.version().equals(row.name())) {
                    putRate(v, "win_rate_vs_no_ppo", c.wins());
                    v.put("ties_vs_no_ppo", c.vs().ties());
                    v.put("losses_vs_no_ppo", c.vs().losses());
                }
            }
            versions.put(row.name(), v);
        }
        out.put("versions", versions);
        if (!r.evidence().rmJudge().isEmpty()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            r.evidence().rmJudge().forEach((version, judges) -> {
                Map<String, Object> byRm = new LinkedHashMap<>();
                judges.forEach((name, j) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("wins", j.wins());
                    m.put("ties", j.ties());
                    m.put("losses", j.losses());
                    WilsonRate w = WilsonRate.of(j.wins(), j.wins() + j.losses());
                    m.put("win_rate", finite(w.rate()));
                    m.put("win_rate_low", finite(w.lower()));
                    m.put("win_rate_high", finite(w.upper()));
                    byRm.put(name, m);
                });
                rm.put(version, byRm);
            });
            out.put("rm_judge", rm);
        }
        if (!r.evidence().bestOfN().isEmpty()) {
            Map<String, Object> bon = new LinkedHashMap<>();
            r.evidence().bestOfN().forEach((version, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("temperature", c.temperature());
                m.put("n", IntStream.rangeClosed(1, c.expectedMax().length).boxed().toList());
                m.put("expected_max", Arrays.stream(c.expectedMax()).boxed().toList());
                m.put("expected_median", Arrays.stream(c.expectedMedian()).boxed().toList());
                bon.put(version, m);
            });
            out.put("best_of_n", bon);
        }
        if (!r.evidence().rewardScores().isEmpty()) {
            Map<String, double[]> help = r.rewardScores(false);
            Map<String, double[]> safe = r.rewardScores(true);
            Map<String, Object> dist = new LinkedHashMap<>();
            for (Row row : r.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("helpfulness_rm", RecipeReport.distribution(help.getOrDefault(row.name(), new double[0])));
                m.put("safety_rm", RecipeReport.distribution(safe.getOrDefault(row.name(), new double[0])));
                dist.put(row.name(), m);
            }
            out.put("reward_distribution", dist);
        }
        if (!r.evidence().diversity().isEmpty()) {
            out.put("diversity", r.evidence().diversity().stream().map(DiversityEvaluation.Point::toMap).toList());
        }
        out.put("reward_models", r.rewardModels());
        if (r.gattRetention() != null) {
            out.put("gatt", r.gattRetention());
        }
        if (r.distillation() != null) {
            out.put("distillation", r.distillation());
        }
        out.put("figures", r.figures());
        Map<String, Object> stages = new LinkedHashMap<>();
        r.stageSeconds().forEach((name, s) -> stages.put(name, Map.of("wall_seconds", s)));
        out.put("stages", stages);
        out.put("total_wall_seconds", r.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum());
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
}
