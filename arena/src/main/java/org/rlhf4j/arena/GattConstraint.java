package org.rlhf4j.arena;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * One constraint that must hold for a whole dialog (paper §3.3), the analogue of the paper's language, public
 * figure and hobby instructions: {@code style} (uppercase, or excited: end every answer with '!'), {@code figure}
 * (begin every answer with the figure's greeting, e.g. a pirate's "Arr!"), {@code hobby} (mention the hobby in
 * every answer).
 *
 * @param kind {@code style}, {@code figure} or {@code hobby}
 * @param value the style, figure or hobby, e.g. {@code uppercase}, {@code excited}, {@code pirate}, {@code chess}
 */
public record GattConstraint(@JsonProperty("kind") String kind, @JsonProperty("value") String value) {

    /** The styles, figures (with their greeting) and hobbies constraints are drawn from. */
    static final List<String> STYLES = List.of("uppercase", "excited");
    static final List<String> FIGURES = List.of("pirate", "robot", "cowboy", "ghost");
    static final List<String> GREETINGS = List.of("Arr!", "Beep!", "Howdy!", "Boo!");
    static final List<String> HOBBIES = List.of("chess", "painting", "gardening", "knitting", "hiking", "baking");

    public GattConstraint {
        List<String> allowed = switch (kind) {
            case "style" -> STYLES;
            case "figure" -> FIGURES;
            case "hobby" -> HOBBIES;
            default -> throw new IllegalArgumentException("unknown GAtt constraint kind '" + kind
                    + "', expected style, figure or hobby");
        };
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("unknown " + kind + " '" + value + "', expected one of " + allowed);
        }
    }

    /** The full instruction, e.g. "Act as a pirate: begin every answer with 'Arr!'". */
    public String fullText() {
        return switch (kind) {
            case "style" -> value.equals("uppercase") ? "Always answer in uppercase."
                    : "Always sound excited: end every answer with '!'";
            case "figure" -> "Act as a " + value + ": begin every answer with '" + greeting() + "'";
            default -> "You love " + value + "; mention it in every answer.";
        };
    }

    /** The shortened instruction, e.g. "Figure: pirate.". */
    public String shortText() {
        String label = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return label + ": " + value + ".";
    }

    /** Whether one answer obeys this constraint. */
    public boolean holds(String answer) {
        String a = answer.strip();
        return switch (kind) {
            case "style" -> value.equals("uppercase")
                    ? a.chars().anyMatch(Character::isLetter) && a.equals(a.toUpperCase(Locale.ROOT))
                    : a.endsWith("!");
            case "figure" -> a.toLowerCase(Locale.ROOT).startsWith(greeting().toLowerCase(Locale.ROOT));
            default -> (" " + a.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ") + " ").contains(" " + value + " ");
        };
    }

    /** Rewrites an answer so that it obeys this constraint (used to write compliant answers). */
    public String enforce(String answer) {
        return switch (kind) {
            case "style" -> value.equals("uppercase") ? answer.toUpperCase(Locale.ROOT)
                    : holds(answer) ? answer : answer.strip().replaceAll("[.?]$", "") + "!";
            case "figure" -> holds(answer) ? answer : greeting() + " " + answer;
            default -> holds(answer) ? answer : answer + " I love " + value + ".";
        };
    }

    private String greeting() {
        return kind.equals("figure") ? GREETINGS.get(FIGURES.indexOf(value)) : "";
    }
}
