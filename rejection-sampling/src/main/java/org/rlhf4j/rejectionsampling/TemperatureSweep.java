package org.rlhf4j.rejectionsampling;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rlhf4j.artifacts.AtomicFile;
import org.rlhf4j.data.format.PromptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temperature of an iteration (Llama 2 §3.2.3, Fig. 8): for each candidate T, K samples per validation prompt;
 * the expected maximum and median reward among N = 1…K samples are estimated from all K by
 * {@link OrderStatistics} and averaged over prompts; the T with the highest expected maximum at N = K is chosen
 * (ties: the first listed). Writes {@value #CSV} ({@code temperature,n,expected_max,expected_median}),
 * {@value #PNG} (the paper's Fig. 7/8 shape: max and median against N, one pair of curves per T) and each T's
 * samples as {@code pool-T<t>.jsonl} (reused on a re-run).
 */
public final class TemperatureSweep {

    /** The curves as CSV. */
    public static final String CSV = "temperature-sweep.csv";
    /** The curves as a plot. */
    public static final String PNG = "temperature-sweep.png";

    private static final Logger LOG = LoggerFactory.getLogger(TemperatureSweep.class);

    private TemperatureSweep() {}

    /**
     * Max and median reward against N at one temperature, averaged over prompts.
     *
     * @param temperature the sampling temperature
     * @param expectedMax E[max of N] for N = 1…K (index N−1)
     * @param expectedMedian E[median of N] for N = 1…K
     */
    public record Curve(double temperature, double[] expectedMax, double[] expectedMedian) {

        /** E[max of K]: the sweep's criterion. */
        public double maxAtK() {
            return expectedMax[expectedMax.length - 1];
        }
    }

    /**
     * The sweep's outcome.
     *
     * @param chosenTemperature the T with the highest expected max at K
     * @param curves one curve per swept T, in the order given
     */
    public record Result(double chosenTemperature, List<Curve> curves) {}

    /** The mean over prompts of E[max of N] and E[median of N], N = 1…K, from each prompt's K rewards. */
    public static Curve curve(double temperature, List<PoolRecord> records) {
        int k = records.get(0).samples().size();
        double[] max = new double[k];
        double[] median = new double[k];
        for (PoolRecord r : records) {
            double[] rewards = r.rewards();
            if (rewards.length != k) {
                throw new IllegalArgumentException("prompt '" + r.prompt().id() + "' has " + rewards.length
                        + " samples, expected " + k);
            }
            for (int n = 1; n <= k; n++) {
                max[n - 1] += OrderStatistics.expectedMax(rewards, n) / records.size();
                median[n - 1] += OrderStatistics.expectedMedian(rewards, n) / records.size();
            }
        }
        return new Curve(temperature, max, median);
    }

    /** The temperature whose curve has the highest expected max at K (the first of equals). */
    public static double choose(List<Curve> curves) {
        Curve best = curves.get(0);
        for (Curve c : curves) {
            if (c.maxAtK() > best.maxAtK()) {
                best = c;
            }
        }
        return best.temperature();
    }

    /**
     * Samples the validation prompts at every temperature, writes the curves into {@code dir} and returns the
     * chosen temperature.
     */
    public static Result run(BestOfK sampler, List<PromptRecord> validation, List<Double> temperatures, long seed,
                             Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Curve> curves = new ArrayList<>();
        for (double t : temperatures) {
            Path file = dir.resolve(poolFileName(t));
            List<PoolRecord> records;
            if (Files.isRegularFile(file)) {
                records = PoolFile.read(file);
                if (records.size() != validation.size()
                        || !records.get(0).provenance().equals(sampler.provenance().at(t, seed))) {
                    throw new IllegalStateException(file + ": samples of another run; delete " + dir
                            + " to sweep afresh");
                }
            } else {
                records = sampler.sample(validation, t, seed);
                PoolFile.write(file, records);
            }
            Curve c = curve(t, records);
            curves.add(c);
            LOG.info("temperature {}: expected max reward of {} samples {}, median {}", t, c.expectedMax().length,
                    String.format("%.4f", c.maxAtK()),
                    String.format("%.4f", c.expectedMedian()[c.expectedMedian().length - 1]));
        }
        Result result = new Result(choose(curves), curves);
        writeCsv(dir.resolve(CSV), curves);
        writePlot(dir.resolve(PNG), curves);
        LOG.info("temperature chosen: {}", result.chosenTemperature());
        return result;
    }

    /** The file of temperature {@code t}'s validation samples: {@code pool-T<t>.jsonl}. */
    public static String poolFileName(double t) {
        return String.format(Locale.ROOT, "pool-T%.3f.jsonl", t);
    }

    /** {@code temperature,n,expected_max,expected_median}, one row per (T, N). */
    public static void writeCsv(Path file, List<Curve> curves) throws IOException {
        StringBuilder csv = new StringBuilder("temperature,n,expected_max,expected_median\n");
        for (Curve c : curves) {
            for (int n = 1; n <= c.expectedMax().length; n++) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f%n", c.temperature(), n,
                        c.expectedMax()[n - 1], c.expectedMedian()[n - 1]));
            }
        }
        AtomicFile.writeString(file, csv.toString());
    }

    /** Max (solid) and median (dashed) reward against N, one pair per temperature (paper Fig. 7/8). */
    public static void writePlot(Path file, List<Curve> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("Best-of-N: max and median reward among N samples").xAxisTitle("N (samples)")
                .yAxisTitle("reward").build();
        Color[] palette = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
            new Color(0x17becf)};
        for (int t = 0; t < curves.size(); t++) {
            Curve c = curves.get(t);
            Color color = palette[t % palette.length];
            int k = c.expectedMax().length;
            double[] n = new double[k];
            for (int i = 0; i < k; i++) {
                n[i] = i + 1;
            }
            XYSeries max = chart.addSeries("max, T=" + c.temperature(), n, c.expectedMax());
            max.setMarker(SeriesMarkers.CIRCLE);
            max.setLineColor(color);
            max.setMarkerColor(color);
            XYSeries median = chart.addSeries("median, T=" + c.temperature(), n, c.expectedMedian());
            median.setMarker(SeriesMarkers.NONE);
            median.setLineStyle(SeriesLines.DASH_DASH);
            median.setLineColor(color);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(file, out -> out.write(bytes));
    }
}
