package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.rlhf4j.artifacts.Manifest;
import org.rlhf4j.data.tokenizer.BpeTokenizerTrainer;
import org.rlhf4j.data.tokenizer.BpeTrainerConfig;
import org.rlhf4j.data.tokenizer.BpeTrainingReport;
import org.rlhf4j.data.tokenizer.TokensPerCharacter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf tokenizer …}: the Llama 2-style BPE tokenizer (METHOD.md §1). */
@Command(
        name = "tokenizer",
        mixinStandardHelpOptions = true,
        description = "Train the SentencePiece-style BPE tokenizer (byte fallback, split digits).",
        subcommands = {TokenizerCommand.Train.class})
public final class TokenizerCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code rlhf tokenizer train --corpus FILE --vocab-size N --out DIR/tokenizer.json}: trains, writes the
     * tokenizer.json and a {@code manifest.json} (kind "tokenizer") beside it, and prints the vocabulary size, the
     * number of merges, the wall time and the tokens per character of the corpus under the written tokenizer.
     */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a BPE tokenizer on a UTF-8 text corpus (one line per sentence or paragraph).")
    static final class Train implements Callable<Integer> {

        static final String MANIFEST_KIND = "tokenizer";

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--corpus", required = true, description = "UTF-8 text file, one sentence per line.")
        Path corpus;

        @Option(names = "--vocab-size", required = true,
                description = "Pieces including the 259 reserved ones (Llama 2: 32000).")
        int vocabSize;

        @Option(names = "--out", required = true,
                description = "tokenizer.json to write; its directory gets a manifest.json.")
        Path out;

        @Option(names = "--character-coverage", defaultValue = "0.9995",
                description = "Fraction of characters the alphabet covers (default: ${DEFAULT-VALUE}).")
        double characterCoverage;

        @Option(names = "--min-frequency", defaultValue = "2",
                description = "Least pair count for a merge (default: ${DEFAULT-VALUE}).")
        int minFrequency;

        @Option(names = "--max-piece-length", defaultValue = "16",
                description = "Longest piece in characters (default: ${DEFAULT-VALUE}).")
        int maxPieceLength;

        @Override
        public Integer call() throws IOException {
            CommandLine cl = spec.commandLine();
            BpeTrainerConfig config;
            try {
                config = new BpeTrainerConfig(vocabSize, characterCoverage, minFrequency, maxPieceLength);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            Path dir = out.toAbsolutePath().getParent();
            if (Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))
                    && !MANIFEST_KIND.equals(Manifest.read(dir).kind())) {
                throw new CommandLine.ParameterException(cl, "--out: " + dir + " already holds the manifest of a '"
                        + Manifest.read(dir).kind() + "' artifact; write the tokenizer to a directory of its own");
            }

            long start = System.nanoTime();
            BpeTrainingReport report = BpeTokenizerTrainer.train(corpus, config, out);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            TokensPerCharacter compression = TokensPerCharacter.measure(out, corpus);

            Map<String, Object> metrics = new TreeMap<>();
            metrics.put("vocab_size", report.vocabSize());
            metrics.put("alphabet_size", report.alphabetSize());
            metrics.put("merges", report.mergeCount());
            metrics.put("corpus_lines", compression.lines());
            metrics.put("corpus_characters", compression.characters());
            metrics.put("corpus_tokens", compression.tokens());
            metrics.put("tokens_per_character", compression.value());
            new Manifest(MANIFEST_KIND, 1, "data", config, Manifest.hashInputs(List.of(corpus)), null,
                    Manifest.baseVersions(), "cpu", null, metrics).writeTo(dir);

            PrintWriter o = cl.getOut();
            String early = report.vocabSize() < vocabSize
                    ? "; requested " + vocabSize + ", no allowed pair left occurring >= " + minFrequency + " times"
                    : "";
            o.printf(Locale.ROOT, "vocab size:  %d (259 reserved + %d characters + %d merged pieces%s)%n",
                    report.vocabSize(), report.alphabetSize(),
                    report.vocabSize() - 259 - report.alphabetSize(), early);
            o.printf(Locale.ROOT, "merges:      %d%n", report.mergeCount());
            o.printf(Locale.ROOT, "wall time:   %.2f s%n", trainSeconds);
            o.printf(Locale.ROOT, "tokens/char: %.4f (%d tokens / %d characters, %d lines)%n",
                    compression.value(), compression.tokens(), compression.characters(), compression.lines());
            o.printf(Locale.ROOT, "wrote:       %s%n", out);
            o.flush();
            return 0;
        }
    }
}
