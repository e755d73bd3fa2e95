package org.rlhf4j.arena;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A GAtt instruction (one JSON Lines record of {@code gatt/instructions.jsonl}): one or two constraints of different
 * kinds, written in full or (half of the time) shortened, with the user turns of the multi-turn dialog it must
 * hold for.
 *
 * @param id unique id
 * @param text the instruction as given to the model, e.g. "Always answer in uppercase. Hobby: chess."
 * @param shortened whether {@code text} uses the short forms
 * @param constraints the constraints, all of which must hold on every assistant turn
 * @param userTurns the user messages of the dialog, drawn from the training prompts
 */
public record GattInstruction(
        @JsonProperty("id") String id,
        @JsonProperty("text") String text,
        @JsonProperty("shortened") boolean shortened,
        @JsonProperty("constraints") List<GattConstraint> constraints,
        @JsonProperty("user_turns") List<String> userTurns) {

    public GattInstruction {
        constraints = List.copyOf(constraints);
        userTurns = List.copyOf(userTurns);
        if (constraints.isEmpty()) {
            throw new IllegalArgumentException("GAtt instruction '" + id + "' has no constraint");
        }
    }

    /** Rewrites an answer so that every constraint holds (figure greeting first, style last). */
    public String enforce(String answer) {
        String out = answer;
        for (String kind : List.of("hobby", "figure", "style")) {
            for (GattConstraint c : constraints) {
                if (c.kind().equals(kind)) {
                    out = c.enforce(out);
                }
            }
        }
        return out;
    }
}
