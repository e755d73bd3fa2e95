/**
 * The arena (ARENA.md): a deterministic, seeded simulated annotation vendor, a pure function of
 * ({@link org.rlhf4j.arena.ArenaConfig}, seed).
 *
 * <ul>
 *   <li>Prompts: {@link org.rlhf4j.arena.TaskFamily} implementations (arithmetic, comparison, spelling
 *       backwards, letter count, capital, list, rhyme, safety, borderline), sampled and split by
 *       {@link org.rlhf4j.arena.PromptSet}.</li>
 *   <li>Judge: {@link org.rlhf4j.arena.ArenaJudge} (helpfulness, safety,
 *       {@link org.rlhf4j.arena.SafetyGuideline}, {@link org.rlhf4j.arena.Conciseness}).</li>
 *   <li>Data: {@link org.rlhf4j.arena.Demonstrations} (SFT), {@link org.rlhf4j.arena.SimulatedAnnotator}
 *       and {@link org.rlhf4j.arena.BootstrapPreferences} (preference pairs), {@link org.rlhf4j.arena.TaskAnnotator}
 *       (labels comparison tasks sampled from a model),
 *       {@link org.rlhf4j.arena.GattInstructionSampler} with {@link org.rlhf4j.arena.GattChecker} (GAtt),
 *       {@link org.rlhf4j.arena.PretrainingCorpus}.</li>
 *   <li>Entry points: {@link org.rlhf4j.arena.ArenaGenerator} writes the directory;
 *       {@link org.rlhf4j.arena.Arena} rebuilds the world for evaluation.</li>
 * </ul>
 * Training stages must not import this package; they read its files.
 */
package org.rlhf4j.arena;
