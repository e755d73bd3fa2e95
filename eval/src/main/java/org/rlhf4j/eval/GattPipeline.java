package org.rlhf4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rlhf4j.arena.GattChecker;
import org.rlhf4j.arena.GattConstraint;
import org.rlhf4j.arena.GattInstruction;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.artifacts.Sha256;
import org.rlhf4j.ghostattention.GattSynthesis;
import org.rlhf4j.ghostattention.GattSynthesisConfig;
import org.rlhf4j.ghostattention.GattSynthesizer;
import org.rlhf4j.ghostattention.GattTrainer;
import org.rlhf4j.ghostattention.GattTrainingConfig;
import org.rlhf4j.ghostattention.GattTurnFilter;
import org.rlhf4j.sft.SftResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ghost Attention on the arena, end to end (paper §3.3): synthesize dialogs from the latest model with the arena's
 * constraint checker as the per-turn filter → fine-tune with the instruction in the first turn only and the loss on
 * the last answer only (mixed with the SFT demonstrations) → instruction retention per turn of the model before and
 * after, on the arena's held-out test dialogs.
 *
 * <p>{@code outDir} receives, per round ({@code round-N/} when there are several), {@code dialogs.jsonl} +
 * {@code synthesis.json} (reused when present) and {@code model/} (the round's GAtt model; resumed when interrupted,
 * reused when finished), and {@code retention/} ({@code retention.json}, {@code retention.txt},
 * {@value #ANSWERS_FILE}, {@value RetentionPlot#FILE_NAME}, the attention on the system message per turn and layer
 * of paper Fig. 10 as {@value SystemAttentionPlot#FILE_NAME} and {@value GattAttention#CSV_FILE}, {@code manifest.json}).
 */
public final class GattPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(GattPipeline.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Turns the retention evaluation tries (it stops earlier where the context ends); 12. */
    public static final int RETENTION_TURNS = 12;

    /** The retention answers, one JSON line per model and dialog: instruction, constraints, answers, followed. */
    public static final String ANSWERS_FILE = "answers.jsonl";

    private GattPipeline() {}

    /**
     * The settings of one run.
     *
     * @param synthesis how dialogs are synthesized; its {@code excludedKinds} are the held-out kinds of the
     *     retention evaluation
     * @param training how the GAtt model is trained
     * @param retention how the retention dialogs are answered (greedy; {@code maxNewTokens} bounds each answer)
     */
    public record Settings(GattSynthesisConfig synthesis, GattTrainingConfig training, ChatSamplingConfig retention) {

        /** The CPU demo's settings, seeded with {@code seed}. */
        public static Settings demo(long seed) {
            return new Settings(GattSynthesisConfig.demo().withSeed(seed),
                    GattTrainingConfig.demo().withOverrides(null, null, seed),
                    ChatSamplingConfig.greedy().withMaxNewTokens(48).withBatchSize(64));
        }
    }

    /**
     * What the run measured.
     *
     * @param synthesis synthesis statistics (see {@link org.rlhf4j.ghostattention.GattSynthesisStats#summary}); with
     *     several rounds, one such map per round under {@code round_N}
     * @param training the last round's GAtt training, or null when its model was reused
     * @param curves retention curves, baseline first, then the GAtt model, each for {@link GattRetention#GROUPS}
     * @param modelDir the GAtt model (the last round's)
     */
    public record Result(Map<String, Object> synthesis, SftResult training, List<RetentionCurve> curves,
                         Path modelDir) {}

    /** The arena's checker as the synthesis filter: every constraint of the instruction holds on the answer. */
    public static GattTurnFilter arenaFilter() {
        return (instruction, user, answer) -> GattChecker.holds(toArena(instruction), answer);
    }

    /** The stage's instruction as the arena's (constraints matched by kind and value). */
    static GattInstruction toArena(org.rlhf4j.ghostattention.GattInstruction instruction) {
        List<GattConstraint> constraints = new ArrayList<>();
        instruction.constraints().forEach(c -> constraints.add(new GattConstraint(c.kind(), c.value())));
        return new GattInstruction("synthesized", instruction.text(), instruction.shortened(), constraints, List.of());
    }

    /**
     * Runs synthesize → fine-tune ({@link GattTrainingConfig#rounds} times, each round sampling from the previous
     * round's model) → retention of the last round's model against {@code modelDir}. With one round the round's
     * files are in {@code outDir}; with more, in {@code outDir/round-N/}; round N synthesizes and trains with seed
     * + N − 1.
     *
     * @param modelDir the latest chat model (Hugging Face directory with {@code tokenizer.json}), also the baseline
     * @param arenaDir an arena directory ({@code gatt/constraints.jsonl}, {@code prompts/train.jsonl},
     *     {@code sft.jsonl}, {@code gatt/test.jsonl})
     * @param outDir where everything is written
     */
    public static Result run(Path modelDir, Path arenaDir, Path outDir, Settings settings) throws IOException {
        Files.createDirectories(outDir);
        int rounds = settings.training().rounds();
        Path current = modelDir;
        Map<String, Object> synthesis = new LinkedHashMap<>();
        SftResult training = null;
        for (int r = 1; r <= rounds; r++) {
            Path roundDir = rounds == 1 ? outDir : outDir.resolve("round-" + r);
            Round round = round(current, arenaDir, roundDir, settings, r);
            if (rounds == 1) {
                synthesis.putAll(round.synthesis());
            } else {
                synthesis.put("round_" + r, round.synthesis());
            }
            training = round.training();
            current = round.modelDir();
        }

        List<RetentionCurve> curves = retention(modelDir, "baseline", current, "gatt",
                arenaDir.resolve("gatt/test.jsonl"), new TreeSet<>(settings.synthesis().excludedKinds()),
                settings.retention(), outDir.resolve("retention"));
        return new Result(synthesis, training, curves, current);
    }

    /**
     * What one round made.
     *
     * @param synthesis the round's synthesis statistics
     * @param training its GAtt training, or null when a finished model was found in place
     * @param modelDir the round's GAtt model ({@code roundDir/model})
     */
    public record Round(Map<String, Object> synthesis, SftResult training, Path modelDir) {}

    /**
     * Round {@code r} (from 1): dialogs synthesized from {@code model} with the synthesis seed + r − 1, then
     * {@code model} fine-tuned on them (mixed with the arena's demonstrations when the training config says so) with
     * the training seed + r − 1. Resumable: finished dialogs are reused and a stopped training continues from its last
     * checkpoint in {@code roundDir/model}.
     *
     * @param model the chat model to sample from and fine-tune (the previous round's GAtt model after round 1)
     * @param roundDir where the round writes {@code dialogs.jsonl}, {@code synthesis.json} and {@code model/}
     */
    public static Round round(Path model, Path arenaDir, Path roundDir, Settings settings, int r) throws IOException {
        Files.createDirectories(roundDir);
        Map<String, Object> stats = synthesize(model, arenaDir, roundDir,
                settings.synthesis().withSeed(settings.synthesis().seed() + r - 1));
        Path gattModel = roundDir.resolve("model");
        boolean finished = Files.isRegularFile(gattModel.resolve(Manifest.FILE_NAME))
                && Manifest.read(gattModel).kind().equals(GattTrainer.KIND)
                && Files.isRegularFile(gattModel.resolve("model.safetensors"));
        SftResult training = null;
        if (!finished) {
            LOG.info("GAtt round {}: fine-tuning {}", r, model);
            boolean resume = Files.isDirectory(gattModel.resolve("checkpoints"));
            GattTrainingConfig config = settings.training().withOverrides(null, null,
                    settings.training().sft().training().seed() + r - 1);
            training = GattTrainer.train(model, roundDir.resolve("dialogs.jsonl"), arenaDir.resolve("sft.jsonl"),
                    gattModel, config, resume);
        }
        return new Round(stats, training, gattModel);
    }

    /** One round's dialogs from {@code model} into {@code dir} ({@code dialogs.jsonl}, {@code synthesis.json}). */
    private static Map<String, Object> synthesize(Path model, Path arenaDir, Path dir, GattSynthesisConfig config)
            throws IOException {
        Path dialogs = dir.resolve("dialogs.jsonl");
        Path synthesisFile = dir.resolve("synthesis.json");
        if (Files.isRegularFile(dialogs) && Files.isRegularFile(synthesisFile)) {
            LOG.info("reusing {}", dialogs);
            @SuppressWarnings("unchecked")
            Map<String, Object> read = JSON.readValue(synthesisFile.toFile(), Map.class);
            return read;
        }
        GattSynthesis s = GattSynthesizer.synthesize(model, arenaDir.resolve("gatt/constraints.jsonl"),
                arenaDir.resolve("prompts/train.jsonl"), dialogs, config, arenaFilter());
        Map<String, Object> stats = new LinkedHashMap<>(s.stats().summary());
        AtomicFile.writeString(synthesisFile, JSON.writeValueAsString(stats) + "\n");
        return stats;
    }

    /**
     * Retention of a model (and optionally a baseline) on the arena's retention dialogs, written to {@code outDir}
     * ({@code retention.json}, {@code retention.txt}, {@value #ANSWERS_FILE}, {@value RetentionPlot#FILE_NAME},
     * {@code manifest.json}), and each model's attention on the system message along its own answered dialogs ({@link GattAttention}:
     * {@value GattAttention#CSV_FILE}, {@value SystemAttentionPlot#FILE_NAME}, {@code system_attention} in
     * {@code retention.json}).
     *
     * @param baselineDir the model without GAtt, or null
     * @return the curves, baseline first
     */
    public static List<RetentionCurve> retention(Path baselineDir, String baselineLabel, Path modelDir, String label,
                                                 Path testDialogs, Set<String> heldOutKinds,
                                                 ChatSamplingConfig sampling, Path outDir) throws IOException {
        List<GattInstruction> dialogs = GattRetention.readDialogs(testDialogs);
        List<RetentionCurve> curves = new ArrayList<>();
        List<SystemAttention> attention = new ArrayList<>();
        List<Map<String, Object>> answerRecords = new ArrayList<>();
        int turns = GattRetention.turns(dialogs, RETENTION_TURNS);
        long start = System.nanoTime();
        double attentionSeconds = 0;
        for (Path dir : baselineDir == null ? List.of(modelDir) : List.of(baselineDir, modelDir)) {
            String name = dir.equals(modelDir) ? label : baselineLabel;
            try (ChatSampler sampler = ChatSampler.open(dir)) {
                List<List<String>> answers = GattRetention.answer(sampler, name, dialogs, RETENTION_TURNS, sampling);
                curves.addAll(GattRetention.tally(name, dialogs, answers, turns, heldOutKinds));
                for (int i = 0; i < dialogs.size(); i++) {
                    GattInstruction d = dialogs.get(i);
                    List<Boolean> followed = answers.get(i).stream().map(a -> GattChecker.holds(d, a)).toList();
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("model", name);
                    r.put("id", d.id());
                    r.put("instruction", d.text());
                    r.put("constraints", d.constraints().stream().map(c -> c.kind() + "=" + c.value()).toList());
                    r.put("followed", followed);
                    r.put("answers", answers.get(i));
                    answerRecords.add(r);
                }
                long probe = System.nanoTime();
                attention.addAll(GattAttention.measure(sampler.model(), sampler.tokenizer(), name, dialogs, answers,
                        turns, heldOutKinds));
                attentionSeconds += (System.nanoTime() - probe) / 1e9;
            }
        }
        String table = GattRetention.table(curves);
        Files.createDirectories(outDir);
        AtomicFile.writeString(outDir.resolve("retention.txt"), table);
        StringBuilder answerLines = new StringBuilder();
        ObjectMapper line = new ObjectMapper();
        for (Map<String, Object> r : answerRecords) {
            answerLines.append(line.writeValueAsString(r)).append('\n');
        }
        AtomicFile.writeString(outDir.resolve(ANSWERS_FILE), answerLines.toString());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("held_out_kinds", List.copyOf(heldOutKinds));
        report.put("dialogs", dialogs.size());
        report.put("curves", curves.stream().map(RetentionCurve::summary).toList());
        report.put("system_attention", attention.stream().map(SystemAttention::summary).toList());
        AtomicFile.writeString(outDir.resolve("retention.json"), JSON.writeValueAsString(report) + "\n");
        RetentionPlot.write(outDir.resolve(RetentionPlot.FILE_NAME), curves);
        GattAttention.writeCsv(outDir.resolve(GattAttention.CSV_FILE), attention);
        List<SystemAttention> allDialogs = attention.stream().filter(a -> a.group().equals("all")).toList();
        SystemAttentionPlot.write(outDir.resolve(SystemAttentionPlot.FILE_NAME), allDialogs,
                "Attention of each turn's tokens on the system message (" + dialogs.size() + " test dialogs, "
                        + String.join(" vs ", allDialogs.stream().map(SystemAttention::model).toList()) + ")");
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (RetentionCurve c : curves) {
            for (int t = 1; t <= c.turns(); t++) {
                if (c.dialogs()[t - 1] > 0) {
                    metrics.put(c.model() + "_" + c.group() + "_turn_" + t, c.retention(t));
                }
            }
        }
        for (SystemAttention a : allDialogs) {
            for (int t = 1; t <= a.turns(); t++) {
                if (a.dialogs()[t - 1] > 0) {
                    double sum = 0;
                    for (int l = 0; l < a.layers(); l++) {
                        sum += a.headMean(t, l);
                    }
                    metrics.put(a.model() + "_system_attention_turn_" + t, sum / a.layers());
                }
            }
        }
        metrics.put("attention_seconds", attentionSeconds);
        metrics.put("wall_seconds", (System.nanoTime() - start) / 1e9);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(testDialogs.toString(), Sha256.of(testDialogs));
        inputs.put(modelDir.resolve("model.safetensors").toString(), Sha256.of(modelDir.resolve("model.safetensors")));
        new Manifest("gatt-retention", 1, "gatt-eval", Map.of("held_out_kinds", List.copyOf(heldOutKinds),
                "turns", RETENTION_TURNS, "max_new_tokens", sampling.maxNewTokens()), inputs, null,
                Manifest.baseVersions(), "cpu", null, metrics).writeTo(outDir);
        LOG.info("GAtt retention:\n{}", table);
        return curves;
    }
}
