package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.model.HeadKind;
import org.rlhf4j.model.LlamaConfig;
import org.rlhf4j.model.hf.HfCheckpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rlhf info}: the shape of a model, from a named preset or a Hugging Face checkpoint directory, and its
 * parameter count with either head (causal LM first, then the reward model's scalar head). A checkpoint is read in
 * full and checked against its {@code config.json} on the way.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's config and parameter counts (causal LM and reward-model head).")
public final class InfoCommand implements Callable<Integer> {

    /** Exactly one source of the config. */
    static final class Source {
        @Option(names = "--preset", paramLabel = "NAME", completionCandidates = PresetNames.class,
                description = "a named size: ${COMPLETION-CANDIDATES}")
        String preset;

        @Option(names = "--model-dir", paramLabel = "DIR",
                description = "a Hugging Face checkpoint directory (config.json + model.safetensors or shards)")
        Path modelDir;
    }

    /** The preset names, for picocli's help and completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return LlamaConfig.presetNames().iterator();
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LlamaConfig config;
        if (source.preset != null) {
            config = DataOptions.parse(spec, "--preset", source.preset, LlamaConfig::preset);
            out.println("model: preset " + source.preset);
        } else {
            HfCheckpoint checkpoint = HfCheckpoint.read(source.modelDir); // errors name the file and tensors
            config = checkpoint.config();
            out.println("model: checkpoint " + source.modelDir);
            out.println("checkpoint: " + checkpoint.headKind().architecture() + ", " + checkpoint.tensors().size()
                    + " tensors, shapes match config.json");
        }
        config.describe().forEach(out::println);
        for (HeadKind head : new HeadKind[] {HeadKind.CAUSAL_LM, HeadKind.SEQUENCE_CLASSIFICATION}) {
            long count = config.parameterCount(head);
            out.println("parameters: " + count + " (" + head.architecture() + ", " + humanCount(count) + ")");
        }
        out.flush();
        return 0;
    }

    /** 6738415616 -> "6.74B", 158016 -> "158.0K". */
    static String humanCount(long count) {
        if (count >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", count / 1e9);
        }
        if (count >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", count / 1e6);
        }
        return String.format(Locale.ROOT, "%.1fK", count / 1e3);
    }
}
