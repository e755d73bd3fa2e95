package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rlhf4j.data.format.PromptRecord;

/**
 * Draws GAtt instructions: one or two constraints of different kinds, combined at random, shortened half of the
 * time, each with {@code gattTurns} user turns drawn from the training prompts that are not safety prompts.
 */
public final class GattInstructionSampler {

    private GattInstructionSampler() {}

    /** {@code config.gattInstructions()} instructions. */
    public static List<GattInstruction> sample(PromptSplits prompts, ArenaConfig config, long seed) {
        SplittableRandom rng = DerivedSeed.rng(seed, "gatt");
        List<String> turns = new ArrayList<>();
        for (PromptRecord p : prompts.train()) {
            if (!p.isSafety()) {
                turns.add(TaskCatalog.lastUserMessage(p));
            }
        }
        List<GattInstruction> out = new ArrayList<>();
        for (int i = 0; i < config.gattInstructions(); i++) {
            List<String> kinds = new ArrayList<>(List.of("style", "figure", "hobby"));
            int count = 1 + rng.nextInt(2);
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
            List<String> userTurns = new ArrayList<>();
            for (int t = 0; t < config.gattTurns() && !turns.isEmpty(); t++) {
                userTurns.add(turns.get(rng.nextInt(turns.size())));
            }
            out.add(new GattInstruction(String.format("gatt-%05d", i), String.join(" ", parts), shortened,
                    constraints, userTurns));
        }
        return out;
    }
}
