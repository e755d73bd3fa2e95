package org.rlhf4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.model.LlamaConfig;

/**
 * The second reference point for decoding speed: the same KV-cache decoding in PyTorch's eager mode (for example
 * Debian's {@code python3-torch}), from a Python interpreter the user names, on the same machine in the same run.
 * The script ({@code pytorch_decode.py} beside this class) builds a random model of the shape, decodes a few warm-up
 * positions, then times {@code steps} positions for every row and prints {@code tok/s: X}. Its speed at batch 1 and
 * at the large batch shows what libtorch's operators reach without DJL in between, and its batch ratio what the
 * machine allows them.
 */
final class PytorchBaseline {

    static final String SCRIPT = "pytorch_decode.py";
    private static final Pattern TOKENS_PER_SECOND = Pattern.compile("tok/s:\\s*([0-9.eE+-]+)");

    private PytorchBaseline() {}

    /**
     * Writes the script into {@code dir} (unless a previous call did) and runs it with {@code python} for a model of
     * {@code config}'s shape at {@code batch} rows, {@code steps} positions and {@code threads} threads.
     *
     * @return tokens per second (rows × steps per second)
     */
    static double measure(Path python, LlamaConfig config, int batch, int steps, int threads, Path dir)
            throws IOException, InterruptedException {
        Path script = dir.resolve(SCRIPT);
        if (!Files.exists(script)) {
            try (InputStream in = PytorchBaseline.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from the class path");
                }
                Files.copy(in, script);
            }
        }
        List<String> command = List.of(python.toString(), script.toString(),
                "--dim", Integer.toString(config.hiddenSize()), "--layers", Integer.toString(config.numLayers()),
                "--heads", Integer.toString(config.numHeads()), "--kv-heads", Integer.toString(config.numKvHeads()),
                "--hidden", Integer.toString(config.intermediateSize()),
                "--vocab", Integer.toString(config.vocabSize()), "--batch", Integer.toString(batch),
                "--steps", Integer.toString(steps), "--threads", Integer.toString(threads));
        Path output = dir.resolve("pytorch-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(python + " " + SCRIPT + " did not finish within 10 minutes");
        }
        String text = Files.readString(output);
        Matcher m = TOKENS_PER_SECOND.matcher(text);
        if (process.exitValue() != 0 || !m.find()) {
            throw new IOException(python + " " + SCRIPT + " exited with " + process.exitValue()
                    + " without 'tok/s' (does it have PyTorch?): " + text.strip());
        }
        return Double.parseDouble(m.group(1));
    }
}
