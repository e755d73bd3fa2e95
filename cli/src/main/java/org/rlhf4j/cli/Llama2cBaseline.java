package org.rlhf4j.cli;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.model.LlamaConfig;

/**
 * The reference point for decoding speed: Karpathy's llama2.c {@code run.c} (a binary the user built, e.g. {@code
 * gcc -Ofast -fopenmp -march=native run.c -lm -o run}) sampling from a random checkpoint of the same shape on the
 * same machine in the same run.
 *
 * <p>The checkpoint is written in llama2.c's original ("version 0") format, which every version of {@code run.c}
 * reads: seven little-endian int32 header fields (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size,
 * seq_len; a negative vocab_size says the classifier is not shared with the embedding, as in Llama 2), then float32
 * tensors: token embedding (V, d), attention RMSNorm gains (L, d), wq (L, d, H·hd), wk and wv (L, d, KV·hd), wo
 * (L, H·hd, d), FFN RMSNorm gains (L, d), w1 (L, F, d), w2 (L, d, F), w3 (L, F, d), final gain (d), the rotary
 * tables' real and imaginary parts (seq_len, hd/2) each, and the classifier (V, d). A matching {@code tokenizer.bin}
 * (max token length, then per token: float score, int32 length, bytes) is written beside it. Weights are uniform in
 * ±0.02; only the speed is read: {@code run.c} prints {@code achieved tok/s: X} on standard error.
 */
final class Llama2cBaseline {

    private static final Pattern TOKENS_PER_SECOND = Pattern.compile("achieved tok/s:\\s*([0-9.eE+-]+)");

    private Llama2cBaseline() {}

    /**
     * Writes the checkpoint and tokenizer into {@code dir} (unless a previous call did), runs {@code binary} there for {@code steps} positions
     * at temperature 1 without top-p, with {@code threads} OpenMP threads, and returns its tok/s.
     */
    static double measure(Path binary, LlamaConfig config, int steps, int threads, Path dir)
            throws IOException, InterruptedException {
        Path checkpoint = dir.resolve("model.bin");
        if (!Files.exists(checkpoint)) { // written once per directory; later runs reuse it
            writeCheckpoint(config, checkpoint);
            writeTokenizer(config.vocabSize(), dir.resolve("tokenizer.bin"));
        }
        List<String> command = new ArrayList<>(List.of(binary.toAbsolutePath().toString(), checkpoint.toString(),
                "-t", "1.0", "-p", "0", "-s", "42", "-n", Integer.toString(steps)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(binary + " did not finish within 10 minutes");
        }
        String err = Files.readString(dir.resolve("stderr.txt"));
        Matcher m = TOKENS_PER_SECOND.matcher(err);
        if (process.exitValue() != 0 || !m.find()) {
            throw new IOException(binary + " exited with " + process.exitValue() + " without 'achieved tok/s': "
                    + err.strip());
        }
        return Double.parseDouble(m.group(1));
    }

    /** A random checkpoint of {@code config}'s shape in llama2.c's version-0 format (see the class comment). */
    static void writeCheckpoint(LlamaConfig config, Path file) throws IOException {
        long d = config.hiddenSize();
        long layers = config.numLayers();
        long q = (long) config.numHeads() * config.headDim();
        long kv = (long) config.numKvHeads() * config.headDim();
        long f = config.intermediateSize();
        long v = config.vocabSize();
        long rope = (long) config.maxPositions() * config.headDim() / 2;
        long floats = v * d + layers * d + layers * d * q + 2 * layers * d * kv + layers * q * d + layers * d
                + 3 * layers * f * d + d + 2 * rope + v * d;
        SplittableRandom random = new SplittableRandom(42);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            ByteBuffer header = ByteBuffer.allocate(7 * 4).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt((int) d).putInt((int) f).putInt((int) layers).putInt(config.numHeads())
                    .putInt(config.numKvHeads()).putInt((int) -v).putInt(config.maxPositions());
            out.write(header.array());
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < floats; i++) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat((float) random.nextDouble(-0.02, 0.02));
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    /** A tokenizer.bin of {@code vocab} pieces {@code t0, t1, …} with score 0. */
    static void writeTokenizer(int vocab, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            byte[][] pieces = new byte[vocab][];
            int longest = 0;
            for (int i = 0; i < vocab; i++) {
                pieces[i] = ("t" + i).getBytes(StandardCharsets.US_ASCII);
                longest = Math.max(longest, pieces[i].length);
            }
            out.writeInt(Integer.reverseBytes(longest));
            for (byte[] piece : pieces) {
                out.writeInt(Integer.reverseBytes(Float.floatToIntBits(0f)));
                out.writeInt(Integer.reverseBytes(piece.length));
                out.write(piece);
            }
        }
    }
}
