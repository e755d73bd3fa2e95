/**
 * Evaluation (METHOD.md §9): {@link org.rlhf4j.eval.ChatSampler} answers prompts with a model directory,
 * {@link org.rlhf4j.eval.ArenaEvaluation} turns the arena judge's verdicts into a {@link org.rlhf4j.eval.JudgeReport}
 * (mean helpfulness, safety-violation rate, false-refusal rate, each rate with its Wilson 95% interval,
 * {@link org.rlhf4j.eval.WilsonRate}), and {@link org.rlhf4j.eval.WinRate} counts win / tie / loss of one model's
 * answers against another's. Preference batches from the latest model (paper §3.2.1):
 * {@link org.rlhf4j.eval.PreferenceSampler} writes comparison tasks from several model variants and temperatures,
 * and {@link org.rlhf4j.eval.PreferenceBatch} samples and has the arena's annotators label a batch. Only evaluation
 * may use the arena's judge; training stages never import this package.
 */
package org.rlhf4j.eval;
