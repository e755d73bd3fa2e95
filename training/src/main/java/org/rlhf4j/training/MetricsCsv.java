package org.rlhf4j.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * The per-update metrics of a run, {@code metrics.csv}: columns {@code step, loss, learning_rate, grad_norm,
 * tokens_per_s, elapsed_s} then the stage's extra columns. {@code step} counts completed updates (1 … N). Rows are
 * kept in memory and the whole file is rewritten atomically on {@link #flush()}, so the file is never half a row;
 * on resume the rows after the checkpoint's step are dropped, so a resumed run's CSV equals an uninterrupted one's
 * (apart from timings).
 */
public final class MetricsCsv {

    /** The file name inside a run directory. */
    public static final String FILE_NAME = "metrics.csv";
    /** The fixed leading columns. */
    public static final List<String> BASE_COLUMNS =
            List.of("step", "loss", "learning_rate", "grad_norm", "tokens_per_s", "elapsed_s");

    private final Path file;
    private final List<String> columns;
    private final List<String> rows = new ArrayList<>();

    /** An empty metrics table with the given extra columns. */
    public MetricsCsv(Path file, List<String> extraColumns) {
        this.file = file;
        List<String> all = new ArrayList<>(BASE_COLUMNS);
        for (String c : extraColumns) {
            if (all.contains(c) || !c.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("extra metric column '" + c
                        + "' must be a new name of letters, digits and '_'");
            }
            all.add(c);
        }
        this.columns = List.copyOf(all);
    }

    /** All column names in order. */
    public List<String> columns() {
        return columns;
    }

    /**
     * Keeps the rows of an existing file up to and including {@code lastStep} (resume); a missing file or other
     * columns start empty.
     */
    public void loadUpTo(int lastStep) throws IOException {
        rows.clear();
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
            return;
        }
        for (String line : lines.subList(1, lines.size())) {
            int step = Integer.parseInt(line.substring(0, line.indexOf(',')));
            if (step <= lastStep) {
                rows.add(line);
            }
        }
    }

    /** Adds one row; {@code values} holds the extra columns in order. */
    public void add(int step, double loss, double learningRate, double gradNorm, double tokensPerSecond,
                    double elapsedSeconds, double... extraValues) {
        if (extraValues.length != columns.size() - BASE_COLUMNS.size()) {
            throw new IllegalArgumentException("expected " + (columns.size() - BASE_COLUMNS.size())
                    + " extra values, got " + extraValues.length);
        }
        StringBuilder row = new StringBuilder().append(step);
        for (double v : new double[] {loss, learningRate, gradNorm, tokensPerSecond, elapsedSeconds}) {
            row.append(',').append(format(v));
        }
        for (double v : extraValues) {
            row.append(',').append(format(v));
        }
        rows.add(row.toString());
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** Rewrites the file atomically. */
    public void flush() throws IOException {
        StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
        rows.forEach(r -> text.append(r).append('\n'));
        AtomicFile.writeString(file, text.toString());
    }

    /** Steps and losses of the rows, for the loss plot: {@code [steps, losses]}. */
    public double[][] lossCurve() {
        double[][] curve = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",", -1);
            curve[0][i] = Double.parseDouble(cells[0]);
            curve[1][i] = Double.parseDouble(cells[1]);
        }
        return curve;
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : Double.toString(v);
    }
}
