package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.pipeline.PipelineConfig;
import org.rlhf4j.pipeline.Recipe;
import org.rlhf4j.pipeline.Stage;
import org.rlhf4j.pipeline.StageRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf pipeline run | status}: the iteration driver over a schedule file. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "The recipe's iteration driver: run a schedule resumably, or show its stages.",
        subcommands = {PipelineCommand.Run.class, PipelineCommand.Status.class})
public final class PipelineCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the schedule: the file over the demo preset, or the preset alone. */
    static PipelineConfig config(Path file, Long seed) throws java.io.IOException {
        return (file == null ? PipelineConfig.demo() : PipelineConfig.read(file)).withOverrides(seed, null);
    }

    /** {@code rlhf pipeline run}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run (or resume) every stage of a schedule; finished stages with unchanged config and "
                    + "inputs are reused, a stopped one resumes, a changed one re-runs with everything downstream.")
    public static final class Run implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--config", description = "Schedule (YAML or JSON) over the demo preset; unknown keys are "
                + "errors.")
        Path configFile;

        @Option(names = "--out", required = true, description = "Run directory.")
        Path out;

        @Option(names = "--seed", description = "Override the schedule's seed.")
        Long seed;

        @Option(names = "--parallel-stages", defaultValue = "2", description = "Independent stages run at once (like"
                + " make -j), each on an equal share of the cores (default: ${DEFAULT-VALUE}).")
        int parallelStages;

        @Override
        public Integer call() throws Exception {
            Recipe.run(config(configFile, seed), out, spec.commandLine().getOut(), parallelStages);
            return 0;
        }
    }

    /** {@code rlhf pipeline status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show each stage of a run: done / running / pending, wall time, key metrics.")
    public static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--config", description = "The schedule the run was started with (default: the demo's).")
        Path configFile;

        @Option(names = "--out", required = true, description = "Run directory.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PrintWriter console = spec.commandLine().getOut();
            List<Stage> stages = Recipe.schedule(config(configFile, null), out);
            console.printf("%-18s %-8s %9s  %s%n", "stage", "status", "wall s", "metrics");
            for (Stage stage : stages) {
                StageRecord r = StageRecord.read(stage.dir());
                String status = r == null ? "pending" : r.status();
                console.printf("%-18s %-8s %9s  %s%n", stage.name(), status,
                        r != null && r.done() ? String.format("%.1f", r.wallSeconds()) : "-",
                        r == null ? "" : brief(r.metrics()));
            }
            console.flush();
            return 0;
        }

        private static String brief(Map<String, Object> metrics) {
            StringBuilder s = new StringBuilder();
            for (Map.Entry<String, Object> e : metrics.entrySet()) {
                if (s.length() > 90) {
                    s.append(" …");
                    break;
                }
                Object v = e.getValue();
                s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
                        .append(v instanceof Double d ? String.format("%.4g", d) : v);
            }
            return s.toString();
        }
    }
}
