package org.rlhf4j.pipeline;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * The report's figures as PNGs drawn with XChart: titled axes, a legend, versions in schedule order. Each method
 * draws one figure from numbers the report already holds; none computes a statistic.
 */
public final class ReportFigures {

    /** One colour per series, in order (the matplotlib "tab10" palette). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private ReportFigures() {}

    /**
     * A value with its 95% interval.
     *
     * @param value the point estimate
     * @param low the interval's lower bound
     * @param high the interval's upper bound
     */
    public record Interval(double value, double low, double high) {}

    /**
     * Per version (x, in order) each metric's point with its interval as a vertical bar, one panel per metric side by
     * side (the report's headline numbers: mean helpfulness, safety-violation and false-refusal rates).
     *
     * @param versions the versions, in schedule order
     * @param metrics per metric name (a panel's title), one interval per version (NaN values are left out)
     */
    public static void rates(Path png, List<String> versions, Map<String, List<Interval>> metrics)
            throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        int m = 0;
        for (Map.Entry<String, List<Interval>> metric : metrics.entrySet()) {
            XYChart chart = new XYChartBuilder().width(440).height(440).title(metric.getKey())
                    .xAxisTitle("model version").yAxisTitle("with its 95% interval").build();
            versionAxis(chart, versions);
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
            Color color = PALETTE[m++ % PALETTE.length];
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Interval> values = metric.getValue();
            for (int v = 0; v < values.size(); v++) {
                Interval i = values.get(v);
                if (Double.isFinite(i.value())) {
                    x.add((double) v);
                    y.add(i.value());
                    if (Double.isFinite(i.low()) && Double.isFinite(i.high())) {
                        XYSeries bar = chart.addSeries("interval " + v, new double[] {v, v},
                                new double[] {i.low(), i.high()});
                        bar.setMarker(SeriesMarkers.DIAMOND);
                        bar.setLineColor(color);
                        bar.setMarkerColor(color);
                        bar.setLineStyle(SeriesLines.SOLID);
                    }
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(metric.getKey(), x, y);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(color);
                s.setMarkerColor(color);
                s.setLineStyle(SeriesLines.DOT_DOT);
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        writeSideBySide(png, panels);
    }

    /**
     * Win / tie / loss against SFT per version, one stacked-bar panel per judge side by side (paper Fig. 11: the
     * reward models as judges beside the independent one).
     *
     * @param judges per judge's title, per version (schedule order) the counts {@code {wins, ties, losses}}
     */
    public static void winTieLoss(Path png, Map<String, Map<String, int[]>> judges) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<String, Map<String, int[]>> judge : judges.entrySet()) {
            CategoryChart chart = new CategoryChartBuilder().width(460).height(460)
                    .title(judge.getKey()).xAxisTitle("version vs SFT").yAxisTitle("test prompts (%)").build();
            chart.getStyler().setStacked(true).setXAxisLabelRotation(45).setYAxisMin(0.0).setYAxisMax(100.0)
                    .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
            List<String> versions = new ArrayList<>(judge.getValue().keySet());
            String[] names = {"win", "tie", "loss"};
            Color[] colors = {new Color(0x2ca02c), new Color(0xbbbbbb), new Color(0xd62728)};
            for (int k = 0; k < 3; k++) {
                List<Double> share = new ArrayList<>();
                for (int[] c : judge.getValue().values()) {
                    int n = c[0] + c[1] + c[2];
                    share.add(n == 0 ? 0.0 : 100.0 * c[k] / n);
                }
                CategorySeries s = chart.addSeries(names[k], versions, share);
                s.setFillColor(colors[k]);
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        writeSideBySide(png, panels);
    }

    /**
     * One curve pair of a best-of-N sweep: the expected max and median reward among N = 1…K samples.
     *
     * @param label the legend's name for the curve pair
     * @param expectedMax E[max of N], index N − 1
     * @param expectedMedian E[median of N], index N − 1
     */
    public record MaxMedian(String label, double[] expectedMax, double[] expectedMedian) {}

    /** Max (solid, markers) and median (dashed) reward against N, one colour per version (paper Fig. 7). */
    public static void bestOfN(Path png, List<MaxMedian> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("Rejection sampling: max and median reward among N samples").xAxisTitle("N (samples per prompt)")
                .yAxisTitle("reward (gated, the version's reward models)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int i = 0; i < curves.size(); i++) {
            MaxMedian c = curves.get(i);
            Color color = PALETTE[i % PALETTE.length];
            double[] n = new double[c.expectedMax().length];
            for (int k = 0; k < n.length; k++) {
                n[k] = k + 1;
            }
            XYSeries max = chart.addSeries(c.label() + " max", n, c.expectedMax());
            max.setMarker(SeriesMarkers.CIRCLE);
            max.setLineColor(color);
            max.setMarkerColor(color);
            XYSeries median = chart.addSeries(c.label() + " median", n, c.expectedMedian());
            median.setMarker(SeriesMarkers.NONE);
            median.setLineStyle(SeriesLines.DASH_DASH);
            median.setLineColor(color);
        }
        write(png, chart);
    }

    /**
     * Overlaid histograms, one line per version over shared bins (paper Fig. 20: the reward distribution shifts
     * right from SFT to the last version).
     *
     * @param title what the values are
     * @param xTitle the values' axis title
     * @param values per version (schedule order) its values
     * @param bins number of equal-width bins between the smallest and the largest value
     */
    public static void distributions(Path png, String title, String xTitle, Map<String, double[]> values, int bins)
            throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : values.values()) {
            for (double d : v) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("no value to plot");
        }
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
                .yAxisTitle("answers in the bin (%)").build();
        chart.getStyler().setXAxisDecimalPattern("0.0").setLegendPosition(Styler.LegendPosition.InsideNW);
        int i = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] counts = new double[bins];
            for (double d : e.getValue()) {
                counts[Math.min(bins - 1, (int) ((d - lo) / width))]++;
            }
            // a step line: each bin's share drawn flat across the bin
            double[] x = new double[2 * bins];
            double[] y = new double[2 * bins];
            for (int b = 0; b < bins; b++) {
                x[2 * b] = lo + b * width;
                x[2 * b + 1] = lo + (b + 1) * width;
                y[2 * b] = y[2 * b + 1] = e.getValue().length == 0 ? 0 : 100 * counts[b] / e.getValue().length;
            }
            XYSeries s = chart.addSeries(e.getKey() + " (n=" + e.getValue().length + ")", x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setLineWidth(2f);
            i++;
        }
        write(png, chart);
    }

    /**
     * Self-BLEU against temperature, creative prompts solid and factual ones dashed, one colour per model (paper
     * Fig. 21).
     */
    public static void diversity(Path png, List<DiversityEvaluation.Point> points) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("Diversity of sampled answers: Self-BLEU against temperature (lower = more diverse)")
                .xAxisTitle("temperature").yAxisTitle("Self-BLEU").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, Map<String, List<DiversityEvaluation.Point>>> byModel = new LinkedHashMap<>();
        for (DiversityEvaluation.Point p : points) {
            byModel.computeIfAbsent(p.model(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(p.kind(), k -> new ArrayList<>()).add(p);
        }
        int m = 0;
        for (Map.Entry<String, Map<String, List<DiversityEvaluation.Point>>> model : byModel.entrySet()) {
            Color color = PALETTE[m++ % PALETTE.length];
            for (Map.Entry<String, List<DiversityEvaluation.Point>> kind : model.getValue().entrySet()) {
                List<Double> t = kind.getValue().stream().map(DiversityEvaluation.Point::temperature).toList();
                List<Double> b = kind.getValue().stream().map(DiversityEvaluation.Point::selfBleu).toList();
                XYSeries s = chart.addSeries(model.getKey() + ", " + kind.getKey() + " prompts", t, b);
                s.setLineColor(color);
                s.setMarkerColor(color);
                boolean factual = kind.getKey().equals("factual");
                s.setMarker(factual ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
                s.setLineStyle(factual ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            }
        }
        write(png, chart);
    }

    /** The panels left to right in one PNG, a thin grey line between them. */
    private static void writeSideBySide(Path png, List<BufferedImage> panels) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panel to draw");
        }
        int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1));
        for (int i = 1, at = 0; i < panels.size(); i++) {
            at += panels.get(i - 1).getWidth();
            g.drawLine(at, 0, at, height);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(all, "png", bytes);
        AtomicFile.write(png, out -> out.write(bytes.toByteArray()));
    }

    /**
     * x = version index, labelled with the version's name; every point sits on a whole number.
     */
    private static void versionAxis(XYChart chart, List<String> versions) {
        // XChart draws custom tick labels only between the data's ends (no axis min/max) and hides those that would
        // overlap: small, slanted labels and a small spacing hint keep one label per version.
        chart.getStyler().setXAxisLabelRotation(45).setXAxisTickMarkSpacingHint(20)
                .setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < versions.size() ? versions.get((int) i) : "";
        });
    }

    private static void write(Path png, Chart<?, ?> chart) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes));
    }
}
