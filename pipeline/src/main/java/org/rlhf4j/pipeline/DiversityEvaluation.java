package org.rlhf4j.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.arena.JsonLinesOutput;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.eval.ChatSampler;
import org.rlhf4j.eval.ChatSamplingConfig;

/**
 * Diversity against temperature (Llama 2 §5.1, Fig. 21): each model samples {@link DiversityConfig#samplesPerPrompt}
 * answers to each creative and each factual test prompt at every temperature; a prompt's diversity is the
 * {@link SelfBleu} of its samples (lower = more diverse), averaged over the prompts of a kind. Writes
 * {@value #SAMPLES_FILE} (every sample) and {@value #CSV} ({@code model,kind,temperature,self_bleu,prompts}).
 *
 * <p>Sampling: the S copies of every prompt of a kind go through {@link ChatSampler} in one batch, each row drawing
 * its own tokens; temperature i samples with seed {@code seed + i} for every model.
 */
public final class DiversityEvaluation {

    /** Every sample: JSON Lines of {@link Sample}. */
    public static final String SAMPLES_FILE = "samples.jsonl";
    /** The points of the figure. */
    public static final String CSV = "self-bleu.csv";
    /** The two kinds of prompt, in the figure's order. */
    public static final List<String> KINDS = List.of("creative", "factual");

    private DiversityEvaluation() {}

    /**
     * One point of the figure.
     *
     * @param model the model's name ({@code sft}, {@code v5} …)
     * @param kind {@code creative} or {@code factual}
     * @param temperature the sampling temperature
     * @param selfBleu the mean over prompts of the Self-BLEU of each prompt's samples
     * @param prompts prompts averaged
     */
    public record Point(@JsonProperty("model") String model, @JsonProperty("kind") String kind,
                        @JsonProperty("temperature") double temperature, @JsonProperty("self_bleu") double selfBleu,
                        @JsonProperty("prompts") int prompts) {

        /** As a JSON-ready map (stage metrics). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("kind", kind);
            m.put("temperature", temperature);
            m.put("self_bleu", selfBleu);
            m.put("prompts", prompts);
            return m;
        }

        /** Reads a point back from {@link #toMap()}'s form. */
        public static Point fromMap(Map<?, ?> m) {
            return new Point(String.valueOf(m.get("model")), String.valueOf(m.get("kind")),
                    ((Number) m.get("temperature")).doubleValue(), ((Number) m.get("self_bleu")).doubleValue(),
                    ((Number) m.get("prompts")).intValue());
        }
    }

    /** One prompt's samples at one temperature (a line of {@value #SAMPLES_FILE}). */
    public record Sample(@JsonProperty("model") String model, @JsonProperty("kind") String kind,
                         @JsonProperty("temperature") double temperature, @JsonProperty("id") String id,
                         @JsonProperty("self_bleu") double selfBleu, @JsonProperty("samples") List<String> samples) {}

    /**
     * The creative and the factual prompts among {@code prompts}, by kind ({@link #KINDS} order); a kind without a
     * prompt of its categories (a small arena's test split may have no poem prompt) is left out.
     */
    public static Map<String, List<PromptRecord>> promptsByKind(List<PromptRecord> prompts, DiversityConfig config) {
        Map<String, List<PromptRecord>> out = new LinkedHashMap<>();
        List<PromptRecord> creative = select(prompts, config.creativeCategories(), config.promptsPerKind());
        List<PromptRecord> factual = select(prompts, config.factualCategories(), config.promptsPerKind());
        if (!creative.isEmpty()) {
            out.put("creative", creative);
        }
        if (!factual.isEmpty()) {
            out.put("factual", factual);
        }
        return out;
    }

    private static List<PromptRecord> select(List<PromptRecord> prompts, List<String> categories, int limit) {
        List<PromptRecord> out = prompts.stream().filter(p -> categories.contains(p.category())).toList();
        return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
    }

    /**
     * Samples every model and writes the samples and points into {@code outDir}.
     *
     * @param models model directories by name, in the figure's order
     * @param prompts the test prompts
     * @return the points, model by model, kind by kind, temperature by temperature
     */
    public static List<Point> run(Map<String, Path> models, List<PromptRecord> prompts, DiversityConfig config,
                                  long seed, Path outDir) throws IOException {
        Map<String, List<PromptRecord>> byKind = promptsByKind(prompts, config);
        int s = config.samplesPerPrompt();
        List<Point> points = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<String, Path> model : models.entrySet()) {
            try (ChatSampler sampler = ChatSampler.open(model.getValue())) {
                for (int ti = 0; ti < config.temperatures().size(); ti++) {
                    double t = config.temperatures().get(ti);
                    for (Map.Entry<String, List<PromptRecord>> kind : byKind.entrySet()) {
                        List<PromptRecord> rows = new ArrayList<>();
                        for (PromptRecord p : kind.getValue()) {
                            for (int k = 0; k < s; k++) {
                                rows.add(p);
                            }
                        }
                        List<String> answers = sampler.answer(rows,
                                new ChatSamplingConfig(t, 1.0, config.maxNewTokens(), rows.size()), seed + ti);
                        double sum = 0;
                        for (int i = 0; i < kind.getValue().size(); i++) {
                            List<String> own = List.copyOf(answers.subList(i * s, (i + 1) * s));
                            double score = SelfBleu.of(own);
                            sum += score;
                            samples.add(new Sample(model.getKey(), kind.getKey(), t, kind.getValue().get(i).id(),
                                    score, own));
                        }
                        points.add(new Point(model.getKey(), kind.getKey(), t, sum / kind.getValue().size(),
                                kind.getValue().size()));
                    }
                }
            }
        }
        JsonLinesOutput.write(outDir.resolve(SAMPLES_FILE), samples);
        StringBuilder csv = new StringBuilder("model,kind,temperature,self_bleu,prompts\n");
        for (Point p : points) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%d%n", p.model(), p.kind(), p.temperature(),
                    p.selfBleu(), p.prompts()));
        }
        AtomicFile.writeString(outDir.resolve(CSV), csv.toString());
        return points;
    }
}
