package org.rlhf4j.ghostattention;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.rlhf4j.data.chat.ChatFormat;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Role;
import org.rlhf4j.data.io.JsonlReader;
import org.rlhf4j.data.io.JsonlWriter;
import org.rlhf4j.data.io.RecordKind;
import org.rlhf4j.data.tokenizer.LlamaTokenizer;
import org.rlhf4j.model.LlamaModel;
import org.rlhf4j.model.sampling.Completion;
import org.rlhf4j.model.sampling.KvCacheGenerator;
import org.rlhf4j.model.sampling.SamplingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesizes Ghost Attention dialogs (paper §3.3, METHOD.md §7).
 *
 * <p>For each dialog: an instruction, a random combination of 1 to {@code maxConstraints} synthetic constraints of
 * different kinds (shortened with probability {@code shortenedRate}), and {@code turns} user messages drawn from the
 * prompts. The instruction is concatenated in front of <em>every</em> user message and the assistant turns are
 * sampled from the model, turn by turn, all dialogs of a turn batched through the KV-cache generator:
 * {@code samplesPerTurn} samples per dialog, the first one that ends with EOS and passes the {@link GattTurnFilter}
 * is kept; a dialog with no accepted sample ends at the previous turn (written if it has at least one turn), and so
 * does a dialog whose next prompt plus {@code maxNewTokens} no longer fits the model's context (counted apart). A
 * dialog whose first turn cannot fit is an error.
 *
 * <p>The dialogs are written in <b>training form</b>: the instruction only as the system message of the first user
 * turn ({@code [system, user₁, assistant₁, user₂, …]}), the later user messages without it — what the model must
 * learn to remember. {@link GhostAttentionMask} trains only the last answer.
 *
 * <p>Determinism: the draws come from {@code SplittableRandom(seed)}, the samples of turn t, batch k from the k-th
 * number of a stream derived from (seed, t): the same model, inputs and config give the same dialogs.
 */
public final class GattSynthesizer {

    private static final Logger LOG = LoggerFactory.getLogger(GattSynthesizer.class);

    /** Tag {@code source} of synthesized dialogs. */
    public static final String SOURCE = "gatt";

    private GattSynthesizer() {}

    /**
     * Opens the model directory ({@code config.json}, weights, {@code tokenizer.json}), synthesizes and writes the
     * dialogs to {@code outFile} (JSON Lines, atomically).
     */
    public static GattSynthesis synthesize(Path modelDir, Path instructionsFile, Path promptsFile, Path outFile,
                                           GattSynthesisConfig config, GattTurnFilter filter) throws IOException {
        List<SyntheticConstraint> constraints = SyntheticConstraintFile.read(instructionsFile);
        List<PromptRecord> prompts = JsonlReader.readAll(promptsFile, RecordKind.PROMPTS);
        Path tokenizerFile = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IOException(modelDir + ": no tokenizer.json next to the model weights");
        }
        GattSynthesis result;
        try (NDManager manager = NDManager.newBaseManager();
             LlamaModel model = LlamaModel.load(manager, modelDir);
             LlamaTokenizer tokenizer = LlamaTokenizer.open(tokenizerFile)) {
            result = synthesize(model, tokenizer, constraints, prompts, config, filter);
        }
        JsonlWriter.write(outFile, RecordKind.DIALOGS, result.dialogs());
        LOG.info("{} GAtt dialogs written to {}", result.dialogs().size(), outFile);
        return result;
    }

    /**
     * Synthesizes dialogs with an open model.
     *
     * @throws IllegalArgumentException when no usable prompt or constraint is left, or when a dialog's first turn
     *     plus {@code maxNewTokens} does not fit the model's context
     */
    public static GattSynthesis synthesize(LlamaModel model, LlamaTokenizer tokenizer,
                                           List<SyntheticConstraint> constraints, List<PromptRecord> prompts,
                                           GattSynthesisConfig config, GattTurnFilter filter) {
        long start = System.nanoTime();
        List<String> questions = questions(prompts, config);
        Map<String, List<SyntheticConstraint>> byKind = new LinkedHashMap<>();
        for (SyntheticConstraint c : constraints) {
            if (!config.excludedKinds().contains(c.kind())) {
                byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
            }
        }
        if (byKind.isEmpty()) {
            throw new IllegalArgumentException("no constraint left after excluding kinds " + config.excludedKinds());
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        ChatFormat format = new ChatFormat(tokenizer);
        int context = model.config().maxPositions();
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < config.dialogs(); i++) {
            GattInstruction instruction = drawInstruction(byKind, config, rng);
            List<String> users = new ArrayList<>();
            for (int t = 0; t < config.turns(); t++) {
                users.add(questions.get(rng.nextInt(questions.size())));
            }
            Draft d = new Draft(String.format("gatt-%05d", i), instruction, users);
            int first = firstTurnLength(d, format) + config.maxNewTokens() - 1;
            if (first > context) {
                throw new IllegalArgumentException("dialog " + d.id + ": its first turn (instruction '"
                        + instruction.text() + "' and '" + users.get(0) + "') needs " + first + " tokens with"
                        + " max_new_tokens " + config.maxNewTokens() + ", more than the model's context of " + context
                        + "; use shorter instructions or a smaller max_new_tokens");
            }
            drafts.add(d);
        }

        int turns = config.turns();
        int[] active = new int[turns];
        int[] samples = new int[turns];
        int[] filtered = new int[turns];
        int[] unfinished = new int[turns];
        int[] ended = new int[turns];
        int[] contextEnded = new int[turns];
        long newTokens = 0;
        KvCacheGenerator generator = new KvCacheGenerator(model);
        SamplingConfig sampling = SamplingConfig.sample(config.temperature(), config.maxNewTokens())
                .withTopP(config.topP()).withEos(tokenizer.eosId(), true);
        int k = config.samplesPerTurn();
        for (int t = 0; t < turns; t++) {
            List<Draft> going = drafts.stream().filter(d -> d.open).toList();
            active[t] = going.size();
            if (going.isEmpty()) {
                continue;
            }
            List<int[]> rows = new ArrayList<>(going.size() * k);
            List<Draft> sampled = new ArrayList<>(going.size());
            for (Draft d : going) {
                int[] ids = format.encodePrompt(d.samplingMessages(t)).ids();
                if (ids.length + config.maxNewTokens() - 1 > context) {
                    d.open = false; // the context is full: the dialog ends at the previous turn
                    contextEnded[t]++;
                    continue;
                }
                sampled.add(d);
                for (int s = 0; s < k; s++) {
                    rows.add(ids);
                }
            }
            going = sampled;
            SplittableRandom batchSeeds = new SplittableRandom(config.seed() * 1_000_003L + 31L * (t + 1));
            List<Completion> completions = new ArrayList<>(rows.size());
            for (int from = 0; from < rows.size(); from += config.batchSize()) {
                List<int[]> batch = rows.subList(from, Math.min(rows.size(), from + config.batchSize()));
                completions.addAll(generator.generate(batch, sampling, batchSeeds.nextLong()));
            }
            for (int i = 0; i < going.size(); i++) {
                Draft d = going.get(i);
                String kept = null;
                for (int s = 0; s < k && kept == null; s++) {
                    Completion c = completions.get(i * k + s);
                    samples[t]++;
                    newTokens += c.tokens().length;
                    String answer = decode(tokenizer, c);
                    if (!c.endedWithEos() || answer.isEmpty()) {
                        unfinished[t]++;
                    } else if (!filter.accept(d.instruction, d.users.get(t), answer)) {
                        filtered[t]++;
                    } else {
                        kept = answer;
                    }
                }
                if (kept == null) {
                    d.open = false;
                    ended[t]++;
                } else {
                    d.answers.add(kept);
                }
            }
            LOG.info("GAtt synthesis turn {}/{}: {} dialogs, {} samples, {} rejected by the filter, {} unfinished,"
                    + " {} dialogs ended, {} at the context", t + 1, turns, active[t], samples[t], filtered[t],
                    unfinished[t], ended[t], contextEnded[t]);
        }
        List<Dialog> dialogs = new ArrayList<>();
        for (Draft d : drafts) {
            if (!d.answers.isEmpty()) {
                dialogs.add(d.trainingDialog());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        GattSynthesisStats stats = new GattSynthesisStats(drafts.size(), dialogs.size(), active, samples, filtered,
                unfinished, ended, contextEnded, seconds, newTokens);
        LOG.info("GAtt synthesis: {} of {} dialogs kept in {} s", dialogs.size(), drafts.size(),
                String.format("%.1f", seconds));
        return new GattSynthesis(dialogs, stats);
    }

    /**
     * One instruction: 1 to {@code maxConstraints} kinds drawn without replacement, a value drawn per kind, shortened
     * with probability {@code shortenedRate}.
     */
    static GattInstruction drawInstruction(Map<String, List<SyntheticConstraint>> byKind, GattSynthesisConfig config,
                                           SplittableRandom rng) {
        List<String> kinds = new ArrayList<>(byKind.keySet());
        int count = 1 + rng.nextInt(Math.min(config.maxConstraints(), kinds.size()));
        List<SyntheticConstraint> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<SyntheticConstraint> values = byKind.get(kinds.remove(rng.nextInt(kinds.size())));
            chosen.add(values.get(rng.nextInt(values.size())));
        }
        boolean shortened = rng.nextDouble() < config.shortenedRate();
        List<String> parts = new ArrayList<>();
        for (SyntheticConstraint c : chosen) {
            parts.add(shortened ? c.shortText() : c.text());
        }
        return new GattInstruction(String.join(" ", parts), shortened, chosen);
    }

    /** The user message of every usable prompt (its last user message), in file order. */
    private static List<String> questions(List<PromptRecord> prompts, GattSynthesisConfig config) {
        List<String> out = new ArrayList<>();
        for (PromptRecord p : prompts) {
            if (config.skipSafetyPrompts() && p.isSafety()) {
                continue;
            }
            for (int i = p.messages().size() - 1; i >= 0; i--) {
                if (p.messages().get(i).role() == Role.USER) {
                    out.add(p.messages().get(i).content());
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no usable prompt (every prompt is a safety prompt or has no user"
                    + " message)");
        }
        return out;
    }

    /** Tokens of the dialog's first turn as sampled (instruction and first user message, open). */
    private static int firstTurnLength(Draft d, ChatFormat format) {
        try {
            return format.encodePrompt(d.samplingMessages(0)).length();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dialog " + d.id + ": " + e.getMessage(), e);
        }
    }

    /** The user message as sampled: instruction, a space, the message. */
    static String withInstruction(GattInstruction instruction, String user) {
        return instruction.text() + " " + user;
    }

    private static String decode(LlamaTokenizer tokenizer, Completion c) {
        int[] tokens = c.endedWithEos() ? Arrays.copyOf(c.tokens(), c.tokens().length - 1) : c.tokens();
        return tokenizer.decode(tokens).strip();
    }

    /** A dialog being synthesized. */
    private static final class Draft {
        final String id;
        final GattInstruction instruction;
        final List<String> users;
        final List<String> answers = new ArrayList<>();
        boolean open = true;

        Draft(String id, GattInstruction instruction, List<String> users) {
            this.id = id;
            this.instruction = instruction;
            this.users = users;
        }

        /** Turns 1..t+1 with the instruction on every user message, the last one open. */
        List<Message> samplingMessages(int t) {
            List<Message> m = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                m.add(Message.user(withInstruction(instruction, users.get(i))));
                m.add(Message.assistant(answers.get(i)));
            }
            m.add(Message.user(withInstruction(instruction, users.get(t))));
            return m;
        }

        /** The instruction as the first turn's system message only, then the accepted turns. */
        Dialog trainingDialog() {
            List<Message> m = new ArrayList<>();
            m.add(Message.system(instruction.text()));
            for (int i = 0; i < answers.size(); i++) {
                m.add(Message.user(users.get(i)));
                m.add(Message.assistant(answers.get(i)));
            }
            Map<String, String> tags = new TreeMap<>();
            tags.put("source", SOURCE);
            tags.put("gatt_constraints", instruction.constraintTag());
            tags.put("shortened", Boolean.toString(instruction.shortened()));
            tags.put("turns", Integer.toString(answers.size()));
            return new Dialog(id, m, tags);
        }
    }
}
