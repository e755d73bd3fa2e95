package org.rlhf4j.arena;

import org.rlhf4j.data.format.Rating;

/**
 * One simulated annotator's choice between responses a and b.
 *
 * @param firstChosen whether response a was chosen
 * @param rating how much better the chosen one was rated, from the score gap
 * @param gap the absolute judge-score gap |s_a - s_b| the rating was read from
 */
public record Annotation(boolean firstChosen, Rating rating, double gap) {}
