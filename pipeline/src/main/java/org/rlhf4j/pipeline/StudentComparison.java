package org.rlhf4j.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.eval.JudgedResponse;
import org.rlhf4j.eval.WilsonRate;
import org.rlhf4j.eval.WinRate;
import org.rlhf4j.eval.WinRateConfig;
import org.rlhf4j.eval.WinTieLoss;

/**
 * The distilled student against its own SFT model on the fixed test prompts (paper §3.2.3: the smaller models
 * fine-tuned on the largest model's rejection-sampling selections): win / tie / loss by the arena judge's
 * helpfulness score, compared per prompt as the report compares every version with SFT ({@link WinRateConfig#defaults()}),
 * with the Wilson 95% interval of the wins over decided pairs.
 */
public final class StudentComparison {

    private StudentComparison() {}

    /**
     * The {@code distillation} object of {@code report.json}: {@code student_preset}, {@code teacher_selections}
     * (the version whose selections the student was fine-tuned on), {@code win_rate_vs_student_sft} (wins over
     * decided pairs) with {@code _low} / {@code _high} / {@code _count} / {@code _trials}, {@code ties_vs_student_sft}
     * and {@code losses_vs_student_sft}.
     *
     * @param studentSft the student SFT model's judged answers, in test-prompt order
     * @param distilled the distilled student's judged answers, same prompts and order
     */
    public static Map<String, Object> of(String studentPreset, String teacherVersion, List<JudgedResponse> studentSft,
                                         List<JudgedResponse> distilled) {
        if (studentSft.size() != distilled.size()) {
            throw new IllegalArgumentException("the student's SFT has " + studentSft.size()
                    + " judged answers, the distilled student " + distilled.size());
        }
        WinRateConfig config = WinRateConfig.defaults();
        WinTieLoss vs = WinRate.compareScores(scores(distilled, config), scores(studentSft, config),
                config.tieEpsilon());
        WilsonRate wins = WilsonRate.of(vs.wins(), vs.wins() + vs.losses());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("student_preset", studentPreset);
        out.put("teacher_selections", teacherVersion);
        out.put("win_rate_vs_student_sft", Double.isFinite(wins.rate()) ? wins.rate() : null);
        out.put("win_rate_vs_student_sft_low", Double.isFinite(wins.lower()) ? wins.lower() : null);
        out.put("win_rate_vs_student_sft_high", Double.isFinite(wins.upper()) ? wins.upper() : null);
        out.put("win_rate_vs_student_sft_count", wins.successes());
        out.put("win_rate_vs_student_sft_trials", wins.trials());
        out.put("ties_vs_student_sft", vs.ties());
        out.put("losses_vs_student_sft", vs.losses());
        return out;
    }

    private static double[] scores(List<JudgedResponse> answers, WinRateConfig config) {
        return answers.stream().mapToDouble(a -> switch (config.axis()) {
            case HELPFULNESS -> a.helpfulness();
            case SAFETY -> a.safety();
        }).toArray();
    }
}
