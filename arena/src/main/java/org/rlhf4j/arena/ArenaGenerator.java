package org.rlhf4j.arena;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.Rating;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an arena directory, a pure function of (config, seed): {@code corpus.txt}, {@code tokenizer.json} (when a
 * tokenizer step is given), {@code sft.jsonl} (the demonstrations, then the {@link InstructionDemonstrations}),
 * {@code prompts/{train,validation,test}.jsonl}, {@code preferences/bootstrap.jsonl}, {@code gatt/instructions.jsonl},
 * {@code gatt/constraints.jsonl}, {@code gatt/test.jsonl} and {@code manifest.json} (kind "arena", the
 * config, the seed, counts and judge-measured quality of the data in metrics, SHA-256 of every file).
 */
public final class ArenaGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(ArenaGenerator.class);

    private ArenaGenerator() {}

    /** Generates everything, the tokenizer trained with {@link TokenizerTrainerStep#LLAMA_BPE}. */
    public static Manifest generate(ArenaConfig config, long seed, Path outDir) throws IOException {
        return generate(config, seed, outDir, TokenizerTrainerStep.LLAMA_BPE);
    }

    /** Generates; {@code tokenizer} may be null to skip {@code tokenizer.json}. */
    public static Manifest generate(ArenaConfig config, long seed, Path outDir, TokenizerTrainerStep tokenizer)
            throws IOException {
        Files.createDirectories(outDir);
        Map<String, Object> metrics = new TreeMap<>();

        PromptSplits prompts = PromptSet.generate(config, seed);
        String corpus = PretrainingCorpus.write(config, seed, prompts);
        Path corpusFile = outDir.resolve("corpus.txt");
        AtomicFile.writeString(corpusFile, corpus);
        metrics.put("corpus_bytes", Files.size(corpusFile));
        if (tokenizer != null) {
            tokenizer.train(corpusFile, config.vocabSize(), outDir.resolve("tokenizer.json"));
        }

        for (String split : List.of("train", "validation", "test")) {
            JsonLinesOutput.write(outDir.resolve("prompts").resolve(split + ".jsonl"), prompts.split(split));
            metrics.put("prompts_" + split, prompts.split(split).size());
        }
        int safety = 0;
        int borderline = 0;
        for (ArenaTask t : prompts.tasks().values()) {
            safety += t.isSafety() ? 1 : 0;
            borderline += t.category().equals("borderline") ? 1 : 0;
        }
        metrics.put("prompts_safety", safety);
        metrics.put("prompts_borderline", borderline);

        ArenaJudge judge = new ArenaJudge();
        List<Dialog> demos = Demonstrations.write(prompts, config, seed);
        List<Dialog> instructionDemos = InstructionDemonstrations.write(prompts, seed);
        List<Dialog> allDemos = new ArrayList<>(demos);
        allDemos.addAll(instructionDemos);
        JsonLinesOutput.write(outDir.resolve("sft.jsonl"), allDemos);
        putDemoMetrics(metrics, demos, prompts, judge);
        metrics.put("sft_instruction_dialogs", instructionDemos.size());

        BootstrapPreferences.Result bootstrap =
                BootstrapPreferences.build(prompts, new SimulatedAnnotator(judge, config), seed);
        JsonLinesOutput.write(outDir.resolve("preferences").resolve("bootstrap.jsonl"), bootstrap.pairs());
        putBootstrapMetrics(metrics, bootstrap, prompts);

        List<GattInstruction> gatt = GattInstructionSampler.sample(prompts, config, seed);
        JsonLinesOutput.write(outDir.resolve("gatt").resolve("instructions.jsonl"), gatt);
        metrics.put("gatt_instructions", gatt.size());
        JsonLinesOutput.write(outDir.resolve("gatt").resolve("constraints.jsonl"),
                InstructionDemonstrations.constraintRecords());
        List<GattInstruction> gattTest = InstructionDemonstrations.testDialogs(prompts, seed);
        JsonLinesOutput.write(outDir.resolve("gatt").resolve("test.jsonl"), gattTest);
        metrics.put("gatt_test_dialogs", gattTest.size());

        Manifest manifest = new Manifest("arena", 1, "arena", config, Map.of(), null, Manifest.baseVersions(), "cpu",
                seed, metrics).writeTo(outDir);
        LOG.info("arena written to {}: {}", outDir, metrics);
        return manifest;
    }

    private static void putDemoMetrics(Map<String, Object> metrics, List<Dialog> demos, PromptSplits prompts,
                                       ArenaJudge judge) {
        int errors = 0;
        double helpfulness = 0;
        int unsafe = 0;
        for (Dialog d : demos) {
            errors += d.tags().get("demo_error").equals("none") ? 0 : 1;
            ArenaTask task = prompts.tasks().get(d.id().substring("sft-".length()));
            Judgement j = judge.judge(task, d.messages().get(1).content());
            helpfulness += j.helpfulness();
            unsafe += j.safe() ? 0 : 1;
        }
        metrics.put("sft_dialogs", demos.size());
        metrics.put("sft_demo_errors", errors);
        metrics.put("sft_unsafe", unsafe);
        metrics.put("sft_mean_helpfulness", demos.isEmpty() ? 0.0 : round(helpfulness / demos.size()));
    }

    private static void putBootstrapMetrics(Map<String, Object> metrics, BootstrapPreferences.Result bootstrap,
                                            PromptSplits prompts) {
        Map<Rating, Integer> perRating = new EnumMap<>(Rating.class);
        int chosenGold = 0;
        for (PreferencePair p : bootstrap.pairs()) {
            perRating.merge(p.rating(), 1, Integer::sum);
            String promptId = p.id().substring("bootstrap-".length(), p.id().lastIndexOf('-'));
            chosenGold += p.chosen().equals(prompts.tasks().get(promptId).gold()) ? 1 : 0;
        }
        metrics.put("bootstrap_pairs", bootstrap.pairs().size());
        metrics.put("bootstrap_dropped", bootstrap.dropped());
        metrics.put("bootstrap_chosen_is_gold",
                bootstrap.pairs().isEmpty() ? 0.0 : round((double) chosenGold / bootstrap.pairs().size()));
        for (Rating r : Rating.values()) {
            metrics.put("bootstrap_" + r.json(), perRating.getOrDefault(r, 0));
        }
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }
}
