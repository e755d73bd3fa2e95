package org.rlhf4j.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * The attention on the system message as a heat map (paper Fig. 10), drawn with XChart: one column per dialog turn,
 * one row per model and layer (mean over heads), colour = attention mass of the turn's tokens on the system message,
 * with the colour scale as legend and the values written in the cells.
 */
public final class SystemAttentionPlot {

    /** File name in an evaluation directory. */
    public static final String FILE_NAME = "attention.png";

    private SystemAttentionPlot() {}

    /**
     * Writes the heat map of {@code results} (typically the baseline's and the GAtt model's, one group each) to
     * {@code png} atomically; turns that none of them reached are left out.
     *
     * @throws IllegalArgumentException when no result has a turn with a dialog
     */
    public static void write(Path png, List<SystemAttention> results, String title) throws IOException {
        int turns = 0;
        for (SystemAttention a : results) {
            for (int t = 1; t <= a.turns(); t++) {
                if (a.dialogs()[t - 1] > 0) {
                    turns = Math.max(turns, t);
                }
            }
        }
        if (turns == 0) {
            throw new IllegalArgumentException("no attention measurement to plot");
        }
        List<Integer> x = new ArrayList<>();
        for (int t = 1; t <= turns; t++) {
            x.add(t);
        }
        List<String> y = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (SystemAttention a : results) {
            for (int l = 0; l < a.layers(); l++) {
                int row = y.size();
                y.add(a.model() + " · layer " + (l + 1));
                for (int t = 1; t <= Math.min(turns, a.turns()); t++) {
                    if (a.dialogs()[t - 1] > 0) {
                        double m = a.headMean(t, l);
                        max = Math.max(max, m);
                        cells.add(new Number[] {t - 1, row, m});
                    }
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(Math.max(360 + 70 * turns, 160 + 8 * title.length())).height(Math.max(320, 120 + 36 * y.size()))
                .title(title).xAxisTitle("dialog turn").yAxisTitle("model · layer (mean over heads)").build();
        double top = Math.max(0.05, Math.ceil(max * 20) / 20); // a round top of the colour scale
        chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("0.00").setMin(0.0).setMax(top)
                .setRangeColors(new Color[] {new Color(250, 250, 250), new Color(253, 174, 97),
                    new Color(215, 25, 28)});
        chart.getStyler().setPlotContentSize(1.0);
        chart.addSeries("attention mass on the system message", x, y, cells);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes));
    }
}
