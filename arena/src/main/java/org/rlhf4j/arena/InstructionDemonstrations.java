package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PromptRecord;

/**
 * Demonstrations that follow an instruction given in the same user message, and multi-turn dialogs, appended to the
 * SFT demonstrations; plus the public GAtt constraint list and the held-out dialogs the retention evaluation runs
 * (paper §3.3).
 *
 * <p>The writers follow an instruction only where they see it: in a single-turn demonstration the instruction is the
 * system message (half of the time) or the start of the user message, and the answer obeys it; in a multi-turn
 * demonstration each user message carries its own instruction with probability {@link #TURN_INSTRUCTION_RATE} and
 * only that turn's answer obeys it. So an SFT model learns to obey what it sees at turn 1 but has never seen an
 * instruction hold for a whole dialog: without Ghost Attention it drifts after the first turns, as the paper's
 * baseline does (Table 30). Every answer is the gold answer with the instruction enforced
 * ({@link GattInstruction#enforce}); the questions are the training prompts that are neither safety nor borderline
 * prompts.
 */
public final class InstructionDemonstrations {

    /** Single-turn instruction demonstrations, as a share of the eligible training prompts; 0.3. */
    public static final double SINGLE_TURN_SHARE = 0.3;
    /** Multi-turn demonstrations, as a share of the eligible training prompts; 0.25. */
    public static final double MULTI_TURN_SHARE = 0.25;
    /** Most user turns of a multi-turn demonstration (at least 2); 4. */
    public static final int MAX_DEMO_TURNS = 4;
    /** Chance that one user message of a multi-turn demonstration carries its own instruction; 0.5. */
    public static final double TURN_INSTRUCTION_RATE = 0.5;
    /** Dialogs in {@code gatt/test.jsonl} (retention evaluation); 120. */
    public static final int TEST_DIALOGS = 120;
    /** User turns of each retention test dialog; 12 (the evaluation stops where the model's context ends). */
    public static final int TEST_TURNS = 12;
    /** Tag {@code source} of these demonstrations. */
    public static final String SOURCE = "arena-instruction-demo";

    private InstructionDemonstrations() {}

    /** The demonstrations: single-turn ones first, then multi-turn ones; ids {@code sft-instr-NNNNN}. */
    public static List<Dialog> write(PromptSplits prompts, long seed) {
        List<ArenaTask> tasks = eligible(prompts, prompts.train());
        SplittableRandom rng = DerivedSeed.rng(seed, "instruction-demonstrations");
        List<Dialog> out = new ArrayList<>();
        if (tasks.isEmpty()) {
            return out;
        }
        int single = (int) Math.round(SINGLE_TURN_SHARE * tasks.size());
        int multi = (int) Math.round(MULTI_TURN_SHARE * tasks.size());
        for (int i = 0; i < single; i++) {
            ArenaTask task = tasks.get(rng.nextInt(tasks.size()));
            GattInstruction instruction = randomInstruction(rng, "demo", List.of());
            boolean system = rng.nextBoolean();
            List<Message> messages = system
                    ? List.of(Message.system(instruction.text()), Message.user(task.prompt()))
                    : List.of(Message.user(instruction.text() + " " + task.prompt()));
            List<Message> dialog = new ArrayList<>(messages);
            dialog.add(Message.assistant(instruction.enforce(task.gold())));
            out.add(new Dialog(String.format("sft-instr-%05d", out.size()), dialog,
                    tags(system ? "system" : "user_message", 1, instruction)));
        }
        for (int i = 0; i < multi; i++) {
            int turns = 2 + rng.nextInt(MAX_DEMO_TURNS - 1);
            List<Message> dialog = new ArrayList<>();
            int instructed = 0;
            for (int t = 0; t < turns; t++) {
                ArenaTask task = tasks.get(rng.nextInt(tasks.size()));
                if (rng.nextDouble() < TURN_INSTRUCTION_RATE) {
                    GattInstruction instruction = randomInstruction(rng, "demo", List.of());
                    dialog.add(Message.user(instruction.text() + " " + task.prompt()));
                    dialog.add(Message.assistant(instruction.enforce(task.gold())));
                    instructed++;
                } else {
                    dialog.add(Message.user(task.prompt()));
                    dialog.add(Message.assistant(task.gold()));
                }
            }
            TreeMap<String, String> tags = new TreeMap<>();
            tags.put("category", "instruction");
            tags.put("is_safety", "false");
            tags.put("source", SOURCE);
            tags.put("demo_error", "none");
            tags.put("instruction", instructed == 0 ? "none" : "per_turn");
            tags.put("turns", Integer.toString(turns));
            out.add(new Dialog(String.format("sft-instr-%05d", out.size()), dialog, tags));
        }
        return out;
    }

    /**
     * The held-out retention dialogs ({@code gatt/test.jsonl}): {@link #TEST_DIALOGS} instructions with
     * {@link #TEST_TURNS} user turns each, drawn from the test split only (so no training data shares a question),
     * every constraint kind represented.
     */
    public static List<GattInstruction> testDialogs(PromptSplits prompts, long seed) {
        List<ArenaTask> tasks = eligible(prompts, prompts.test());
        SplittableRandom rng = DerivedSeed.rng(seed, "gatt-test");
        List<GattInstruction> out = new ArrayList<>();
        for (int i = 0; i < TEST_DIALOGS && !tasks.isEmpty(); i++) {
            GattInstruction drawn = randomInstruction(rng, String.format("gatt-test-%05d", i), List.of());
            List<String> turns = new ArrayList<>();
            for (int t = 0; t < TEST_TURNS; t++) {
                turns.add(tasks.get(rng.nextInt(tasks.size())).prompt());
            }
            out.add(new GattInstruction(drawn.id(), drawn.text(), drawn.shortened(), drawn.constraints(), turns));
        }
        return out;
    }

    /**
     * Every constraint the arena checks, one public record each ({@code gatt/constraints.jsonl}, data/FORMATS.md):
     * {@code kind}, {@code value}, {@code text} (the full instruction) and {@code short_text}.
     */
    public static List<Map<String, String>> constraintRecords() {
        List<Map<String, String>> out = new ArrayList<>();
        for (GattConstraint c : allConstraints()) {
            Map<String, String> r = new TreeMap<>();
            r.put("kind", c.kind());
            r.put("value", c.value());
            r.put("text", c.fullText());
            r.put("short_text", c.shortText());
            out.add(r);
        }
        return out;
    }

    /** Every (kind, value) constraint, styles first, then figures, then hobbies. */
    static List<GattConstraint> allConstraints() {
        List<GattConstraint> out = new ArrayList<>();
        GattConstraint.STYLES.forEach(v -> out.add(new GattConstraint("style", v)));
        GattConstraint.FIGURES.forEach(v -> out.add(new GattConstraint("figure", v)));
        GattConstraint.HOBBIES.forEach(v -> out.add(new GattConstraint("hobby", v)));
        return out;
    }

    /**
     * One or two constraints of different kinds (not in {@code excludedKinds}), shortened half of the time, as the
     * paper's synthetic instructions; no user turns.
     */
    static GattInstruction randomInstruction(SplittableRandom rng, String id, List<String> excludedKinds) {
        List<String> kinds = new ArrayList<>(List.of("style", "figure", "hobby"));
        kinds.removeAll(excludedKinds);
        int count = Math.min(kinds.size(), 1 + rng.nextInt(2));
        List<GattConstraint> constraints = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String kind = kinds.remove(rng.nextInt(kinds.size()));
            List<String> values = switch (kind) {
                case "style" -> GattConstraint.STYLES;
                case "figure" -> GattConstraint.FIGURES;
                default -> GattConstraint.HOBBIES;
            };
            constraints.add(new GattConstraint(kind, values.get(rng.nextInt(values.size()))));
        }
        boolean shortened = rng.nextBoolean();
        List<String> parts = new ArrayList<>();
        for (GattConstraint c : constraints) {
            parts.add(shortened ? c.shortText() : c.fullText());
        }
        return new GattInstruction(id, String.join(" ", parts), shortened, constraints, List.of());
    }

    private static List<ArenaTask> eligible(PromptSplits prompts, List<PromptRecord> split) {
        List<ArenaTask> out = new ArrayList<>();
        for (PromptRecord p : split) {
            ArenaTask task = prompts.tasks().get(p.id());
            if (!task.isSafety() && !task.category().equals("borderline")) {
                out.add(task);
            }
        }
        return out;
    }

    private static Map<String, String> tags(String placement, int turns, GattInstruction instruction) {
        TreeMap<String, String> tags = new TreeMap<>();
        tags.put("category", "instruction");
        tags.put("is_safety", "false");
        tags.put("source", SOURCE);
        tags.put("demo_error", "none");
        tags.put("instruction", placement);
        tags.put("turns", Integer.toString(turns));
        tags.put("constraints", String.join(",", instruction.constraints().stream()
                .map(c -> c.kind() + "=" + c.value()).toList()));
        return tags;
    }
}
