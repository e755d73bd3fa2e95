package org.rlhf4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.arena.TaskAnnotator;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.SafetyLabel;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;

/**
 * One batch of preference data from the latest model (paper §3.2.1, done against the arena): comparison tasks
 * sampled by {@link PreferenceSampler} from a prompts file, labelled by the arena's simulated annotators
 * ({@link TaskAnnotator}), written to a directory:
 *
 * <pre>
 * outDir/tasks.jsonl        the comparison tasks (format "tasks": what a human vendor would receive)
 * outDir/preferences.jsonl  the labelled pairs (format "preferences": helpfulness and safety pairs)
 * outDir/manifest.json      kind "preference-batch", config, seed, inputs, counts per axis, rating and safety label
 * </pre>
 * The tasks are sampled with {@code seed}; the annotators draw with a seed derived from it. Each file is written
 * atomically and the manifest last, so a directory with a manifest is complete.
 */
public final class PreferenceBatch {

    /** The tasks file in a batch directory. */
    public static final String TASKS_FILE = "tasks.jsonl";
    /** The preferences file in a batch directory. */
    public static final String PREFERENCES_FILE = "preferences.jsonl";

    /** Mixed into the seed for the annotators, so that their draws are not the sampler's. */
    private static final long ANNOTATION_SALT = 0x616e6e6f74617465L; // "annotate"

    private PreferenceBatch() {}

    /**
     * What a batch holds.
     *
     * @param tasks the tasks file
     * @param preferences the preferences file
     * @param annotation the annotated pairs and the counts of dropped and skipped tasks
     * @param manifest the batch directory's manifest
     */
    public record Result(Path tasks, Path preferences, TaskAnnotator.Result annotation, Manifest manifest) {}

    /**
     * Samples comparison tasks for the prompts of {@code promptsFile} (e.g. an arena's {@code prompts/train.jsonl})
     * and has the arena's annotators (with {@code arena}'s temperature and rating thresholds) label them.
     */
    public static Result collect(Path promptsFile, PreferenceSamplingConfig sampling, ArenaConfig arena, long seed,
                                 Path outDir) throws IOException {
        List<PromptRecord> prompts = JsonlReader.readAll(promptsFile, RecordKind.PROMPTS);
        long start = System.nanoTime();
        List<ComparisonTask> tasks = PreferenceSampler.sample(prompts, sampling, seed);
        double samplingSeconds = (System.nanoTime() - start) / 1e9;
        Files.createDirectories(outDir);
        Path tasksFile = outDir.resolve(TASKS_FILE);
        JsonlWriter.write(tasksFile, RecordKind.TASKS, tasks);
        TaskAnnotator.Result annotation = TaskAnnotator.of(arena).annotate(tasks, annotationSeed(seed));
        Path pairsFile = outDir.resolve(PREFERENCES_FILE);
        JsonlWriter.write(pairsFile, RecordKind.PREFERENCES, annotation.pairs());

        Map<String, Object> config = new LinkedHashMap<>();
        List<Map<String, Object>> variants = new ArrayList<>();
        for (SamplingVariant v : sampling.variants()) {
            variants.add(Map.of("model_dir", v.modelDir().toString(), "name", v.name(),
                    "temperature", v.temperature()));
        }
        config.put("variants", variants);
        config.put("top_p", sampling.topP());
        config.put("max_new_tokens", sampling.maxNewTokens());
        config.put("batch_size", sampling.batchSize());
        config.put("max_prompts", sampling.maxPrompts());
        config.put("batch", sampling.batch());
        config.put("annotator_temperature", arena.annotatorTemperature());
        config.put("rating_gaps", List.of(arena.significantlyBetterGap(), arena.betterGap(),
                arena.slightlyBetterGap()));
        List<Path> inputs = new ArrayList<>(List.of(promptsFile));
        for (SamplingVariant v : sampling.variants()) {
            Path weights = v.modelDir().resolve("model.safetensors");
            if (Files.isRegularFile(weights) && !inputs.contains(weights)) {
                inputs.add(weights);
            }
        }
        Manifest manifest = new Manifest("preference-batch", 1, "preferences", config, Manifest.hashInputs(inputs),
                null, Manifest.baseVersions(), "cpu", seed,
                metrics(tasks.size(), annotation, samplingSeconds)).writeTo(outDir);
        return new Result(tasksFile, pairsFile, annotation, manifest);
    }

    /** Labels an existing tasks file with the arena's annotators and writes the pairs ({@code rlhf arena annotate}). */
    public static TaskAnnotator.Result annotate(Path tasksFile, ArenaConfig arena, long seed, Path pairsFile)
            throws IOException {
        List<ComparisonTask> tasks = JsonlReader.readAll(tasksFile, RecordKind.TASKS);
        TaskAnnotator.Result annotation = TaskAnnotator.of(arena).annotate(tasks, seed);
        JsonlWriter.write(pairsFile, RecordKind.PREFERENCES, annotation.pairs());
        return annotation;
    }

    /** The annotators' seed for a batch sampled with {@code seed}. */
    public static long annotationSeed(long seed) {
        return seed ^ ANNOTATION_SALT;
    }

    /** Counts of a batch: tasks, pairs per axis, per rating and per safety label, dropped, identical. */
    public static Map<String, Object> metrics(int tasks, TaskAnnotator.Result annotation, double samplingSeconds) {
        Map<String, Object> m = new TreeMap<>();
        m.put("tasks", tasks);
        m.put("helpfulness_pairs", annotation.helpfulnessPairs());
        m.put("safety_pairs", annotation.safetyPairs());
        m.put("safety_dropped", annotation.dropped());
        m.put("identical_responses", annotation.identical());
        Map<Rating, Integer> ratings = new EnumMap<>(Rating.class);
        Map<SafetyLabel, Integer> labels = new EnumMap<>(SafetyLabel.class);
        for (PreferencePair p : annotation.pairs()) {
            ratings.merge(p.rating(), 1, Integer::sum);
            if (p.safetyLabel() != null) {
                labels.merge(p.safetyLabel(), 1, Integer::sum);
            }
        }
        for (Rating r : Rating.values()) {
            m.put("rating_" + r.json(), ratings.getOrDefault(r, 0));
        }
        for (SafetyLabel l : SafetyLabel.values()) {
            m.put("safety_label_" + l.json(), labels.getOrDefault(l, 0));
        }
        m.put("sampling_seconds", Math.round(samplingSeconds * 1000) / 1000.0);
        return m;
    }
}
