package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.arena.ArenaConfig;
import org.rlhf4j.pipeline.PipelineConfig;
import org.rlhf4j.pipeline.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf demo}: the recipe end to end on one CPU against the arena, with the demo schedule
 * ({@link PipelineConfig#demo()}) — the arena writes the data, a tiny base model is pretrained on its corpus,
 * supervised fine-tuning on its demonstrations gives the chat model RLHF starts from, and the arena judge measures
 * every version on the fixed test prompts.
 *
 * <p>It is {@code rlhf pipeline run} with the embedded demo schedule: every stage writes an artifact directory under
 * {@code --out}; a finished stage with unchanged config and inputs is reused, an interrupted one resumes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every stage of the recipe on the arena (embedded defaults) and print what the judge measured.")
public final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the whole run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--arena-config", description = "Arena config JSON instead of the defaults (e.g. a small one).")
    Path arenaConfig;

    @Option(names = "--preset", defaultValue = "demo", description = "Base model preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--max-steps", description = "Cap every training stage at this many updates (smoke runs).")
    Integer maxSteps;

    @Option(names = "--versions", description = "RLHF iterations after SFT (default: the schedule's 5; PPO in the "
            + "last one).")
    Integer versions;

    @Option(names = "--parallel-stages", defaultValue = "2", description = "Independent stages run at once (like"
            + " make -j), each on an equal share of the cores (default: ${DEFAULT-VALUE}).")
    int parallelStages;

    @Override
    public Integer call() throws Exception {
        PipelineConfig d = PipelineConfig.demo();
        PipelineConfig config = d.withOverrides(seed, maxSteps).withDemoOptions(preset,
                arenaConfig == null ? d.arena() : ArenaConfig.read(arenaConfig), versions);
        Recipe.run(config, out, spec.commandLine().getOut(), parallelStages);
        return 0;
    }
}
