/**
 * Evaluation (METHOD.md §9): {@link org.rlhf4j.eval.ChatSampler} answers prompts with a model directory,
 * {@link org.rlhf4j.eval.ArenaEvaluation} turns the arena judge's verdicts into a {@link org.rlhf4j.eval.JudgeReport}
 * (mean helpfulness, safety-violation rate, false-refusal rate), and {@link org.rlhf4j.eval.WinRate} counts
 * win / tie / loss of one model's answers against another's. Only evaluation may use the arena's judge; training
 * stages never import this package.
 */
package org.rlhf4j.eval;
