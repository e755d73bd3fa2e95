package org.rlhf4j.data.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.rlhf4j.data.format.Axis;
import org.rlhf4j.data.format.ComparisonTask;
import org.rlhf4j.data.format.Dialog;
import org.rlhf4j.data.format.Message;
import org.rlhf4j.data.format.PreferencePair;
import org.rlhf4j.data.format.PromptRecord;
import org.rlhf4j.data.format.Rating;
import org.rlhf4j.data.format.RecordValidator;
import org.rlhf4j.data.format.SafetyLabel;

/**
 * One of the JSON Lines formats: its name on the command line, how a line binds to a record (strictly: every
 * key below is required except {@code tags}, which defaults to {}, and any other key is an error), its validator,
 * and the messages that identify its prompt for splitting.
 *
 * <ul>
 *   <li>{@link #DIALOGS}: {@code {"id", "messages", "tags"?}}
 *   <li>{@link #PROMPTS}: {@code {"id", "messages", "is_safety", "category"}}
 *   <li>{@link #PREFERENCES}: {@code {"id", "prompt", "chosen", "rejected", "rating", "axis", "safety_label",
 *       "source"}} ({@code safety_label} may be {@code null} but must be present)
 *   <li>{@link #TASKS}: {@code {"id", "prompt", "is_safety", "category", "response_a", "model_a", "temperature_a",
 *       "response_b", "model_b", "temperature_b"}}
 * </ul>
 *
 * @param <T> the record type
 */
public final class RecordKind<T> {

    /** SFT dialogs. */
    public static final RecordKind<Dialog> DIALOGS = new RecordKind<>("dialogs",
            "a dialogs file (messages ending with an assistant turn)", Dialog.class, RecordKind::decodeDialog, RecordValidator.DIALOG, Dialog::id, Dialog::messages);

    /** Prompts to sample from. */
    public static final RecordKind<PromptRecord> PROMPTS = new RecordKind<>("prompts",
            "a prompts file (messages ending with a user turn, is_safety, category)", PromptRecord.class,
            RecordKind::decodePrompt, RecordValidator.PROMPT, PromptRecord::id, PromptRecord::messages);

    /** Preference pairs. */
    public static final RecordKind<PreferencePair> PREFERENCES = new RecordKind<>("preferences",
            "a preferences file (prompt, chosen and rejected answers, rating, axis)", PreferencePair.class, RecordKind::decodePair, RecordValidator.PREFERENCE_PAIR, PreferencePair::id,
            PreferencePair::prompt);

    /** Comparison tasks: a prompt and two sampled responses, to be annotated. */
    public static final RecordKind<ComparisonTask> TASKS = new RecordKind<>("tasks",
            "a comparison tasks file (prompt, is_safety, category, response_a/b with model and temperature)",
            ComparisonTask.class,
            RecordKind::decodeTask, RecordValidator.COMPARISON_TASK, ComparisonTask::id, ComparisonTask::prompt);

    private final String name;
    private final String description;
    private final Class<T> type;
    private final Function<JsonNode, T> decoder;
    private final RecordValidator<T> validator;
    private final Function<T, String> id;
    private final Function<T, List<Message>> messages;

    private RecordKind(String name, String description, Class<T> type, Function<JsonNode, T> decoder, RecordValidator<T> validator,
            Function<T, String> id, Function<T, List<Message>> messages) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.decoder = decoder;
        this.validator = validator;
        this.id = id;
        this.messages = messages;
    }

    /** All kinds, in the order of the command line's help. */
    public static List<RecordKind<?>> all() {
        return List.of(DIALOGS, PROMPTS, PREFERENCES, TASKS);
    }

    /** What a file of this kind holds, in the user's terms: "a dialogs file (messages ending with …)". */
    public String description() {
        return description;
    }

    /** The first other kind whose record {@code node} is (binds and validates), for "this looks like …" hints. */
    Optional<RecordKind<?>> otherKindOf(JsonNode node) {
        for (RecordKind<?> other : all()) {
            if (other != this && other.holds(node)) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }

    private boolean holds(JsonNode node) {
        try {
            return validator.validate(decoder.apply(node)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The kind called {@code name} ({@code dialogs}, {@code prompts}, {@code preferences} or {@code tasks}). */
    public static RecordKind<?> byName(String name) {
        for (RecordKind<?> kind : all()) {
            if (kind.name.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + name
                + "' (expected dialogs, prompts, preferences or tasks)");
    }

    /** The name on the command line. */
    public String name() {
        return name;
    }

    /** The record class. */
    public Class<T> type() {
        return type;
    }

    /** The rules every record of this kind must satisfy. */
    public RecordValidator<T> validator() {
        return validator;
    }

    /** The record's id. */
    public String idOf(T record) {
        return id.apply(record);
    }

    /**
     * The messages whose user turns identify the record's prompt: the dialog, the prompt, the pair's or the task's
     * prompt.
     */
    public List<Message> messagesOf(T record) {
        return messages.apply(record);
    }

    /** Binds a parsed line to a record; throws {@link StrictFields.Invalid} naming the first bad field. */
    T decode(JsonNode node) {
        return decoder.apply(node);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Dialog decodeDialog(JsonNode node) {
        StrictFields f = StrictFields.of(node, "", List.of("id", "messages"), Set.of("tags"));
        return new Dialog(f.string("id"), f.messages("messages"), f.stringMap("tags"));
    }

    private static PromptRecord decodePrompt(JsonNode node) {
        StrictFields f = StrictFields.of(node, "", List.of("id", "messages", "is_safety", "category"), Set.of());
        return new PromptRecord(f.string("id"), f.messages("messages"), f.bool("is_safety"), f.string("category"));
    }

    private static ComparisonTask decodeTask(JsonNode node) {
        StrictFields f = StrictFields.of(node, "", List.of("id", "prompt", "is_safety", "category", "response_a",
                "model_a", "temperature_a", "response_b", "model_b", "temperature_b"), Set.of());
        return new ComparisonTask(f.string("id"), f.messages("prompt"), f.bool("is_safety"), f.string("category"),
                f.string("response_a"), f.string("model_a"), f.number("temperature_a"), f.string("response_b"),
                f.string("model_b"), f.number("temperature_b"));
    }

    private static PreferencePair decodePair(JsonNode node) {
        StrictFields f = StrictFields.of(node, "",
                List.of("id", "prompt", "chosen", "rejected", "rating", "axis", "safety_label", "source"), Set.of());
        return new PreferencePair(f.string("id"), f.messages("prompt"), f.string("chosen"), f.string("rejected"),
                f.enumValue("rating", Rating::fromJson), f.enumValue("axis", Axis::fromJson),
                f.nullableEnum("safety_label", SafetyLabel::fromJson), f.string("source"));
    }
}
