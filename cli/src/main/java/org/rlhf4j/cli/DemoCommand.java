package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.arena.ArenaConfig;
import org.rlhf4j.data.arena.ArenaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf demo}: the recipe end to end on one CPU against the arena, with the embedded defaults. Every stage
 * writes an artifact directory with a manifest under {@code --out}; a stage whose manifest is already there (same
 * seed) is reused, so an interrupted demo resumes where it stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every stage of the recipe on the arena (embedded defaults) and print what the judge measured.")
public final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the whole run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        Path arenaDir = out.resolve("arena");
        Manifest arena = reusable(arenaDir) ? Manifest.read(arenaDir)
                : ArenaGenerator.generate(ArenaConfig.defaults(), seed, arenaDir);
        console.printf("[1/1] arena: %s (%s prompts train / %s test, %s demonstrations, %s bootstrap pairs)%n",
                arenaDir, arena.metrics().get("prompts_train"), arena.metrics().get("prompts_test"),
                arena.metrics().get("sft_dialogs"), arena.metrics().get("bootstrap_pairs"));
        Map<String, Object> m = arena.metrics();
        console.printf("arena judge on the SFT demonstrations: mean helpfulness %s, unsafe %s, flawed on purpose %s%n",
                m.get("sft_mean_helpfulness"), m.get("sft_unsafe"), m.get("sft_demo_errors"));
        console.flush();
        return 0;
    }

    /** A stage directory can be reused when its manifest exists and was made with this seed. */
    private boolean reusable(Path dir) throws java.io.IOException {
        return Files.isRegularFile(dir.resolve(Manifest.FILE_NAME)) && Long.valueOf(seed).equals(Manifest.read(dir).seed());
    }
}
