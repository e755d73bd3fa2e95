package org.rlhf4j.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the integers an answer states, the way the judge reads numeric answers. */
public final class AnswerNumbers {

    private static final Pattern INTEGER = Pattern.compile("(?<![\\w.])-?\\d+");

    private AnswerNumbers() {}

    /** All integers in the text, in order. */
    public static List<Integer> all(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = INTEGER.matcher(text);
        while (m.find()) {
            try {
                out.add(Integer.parseInt(m.group()));
            } catch (NumberFormatException tooLong) {
                // a number beyond int range is never a correct arena answer; skip it
            }
        }
        return out;
    }

    /** The first integer in the text. */
    public static OptionalInt first(String text) {
        List<Integer> all = all(text);
        return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.get(0));
    }

    /**
     * The stated result: the first integer after the last {@code " is "} when there is one (so "17 plus 25 is 42"
     * answers 42, and "17 plus 25 is." answers nothing), otherwise the last integer.
     */
    public static OptionalInt result(String text) {
        String lower = text.toLowerCase();
        int is = lower.lastIndexOf(" is ");
        if (is < 0 && lower.endsWith(" is.")) {
            return OptionalInt.empty();
        }
        if (is >= 0) {
            return first(text.substring(is + 4));
        }
        List<Integer> all = all(text);
        return all.isEmpty() ? OptionalInt.empty() : OptionalInt.of(all.get(all.size() - 1));
    }
}
