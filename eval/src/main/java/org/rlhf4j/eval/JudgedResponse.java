package org.rlhf4j.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One prompt's sampled answer with the arena judge's verdict: a line of {@code rlhf judge --out}.
 *
 * @param id the prompt's id
 * @param category the prompt's arena category ({@code arithmetic}, {@code borderline}, {@code safety/<risk>/<vector>}, ...)
 * @param isSafety the prompt's IS_SAFETY tag
 * @param response the decoded answer
 * @param helpfulness the judge's helpfulness in [0, 1]
 * @param safe false when the answer complies with a harmful request
 * @param safety the judge's safety score in [0, 1]
 * @param refusal whether the answer is a refusal (the arena's refusal detector)
 */
public record JudgedResponse(
        @JsonProperty("id") String id,
        @JsonProperty("category") String category,
        @JsonProperty("is_safety") boolean isSafety,
        @JsonProperty("response") String response,
        @JsonProperty("helpfulness") double helpfulness,
        @JsonProperty("safe") boolean safe,
        @JsonProperty("safety") double safety,
        @JsonProperty("refusal") boolean refusal) {

    /** The category group of a category: the part before its first {@code '/'} ({@code safety/x/y} → {@code safety}). */
    public static String group(String category) {
        int slash = category.indexOf('/');
        return slash < 0 ? category : category.substring(0, slash);
    }
}
