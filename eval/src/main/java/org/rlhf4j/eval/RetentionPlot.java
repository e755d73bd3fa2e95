package org.rlhf4j.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.rlhf4j.artifacts.AtomicFile;

/** Instruction retention against dialog turn, one line per curve, as a PNG drawn with XChart (paper Table 30). */
public final class RetentionPlot {

    /** File name in an evaluation directory. */
    public static final String FILE_NAME = "retention.png";

    private RetentionPlot() {}

    /** Writes the curves (retention in percent at each turn some dialog reached) to {@code png} atomically. */
    public static void write(Path png, List<RetentionCurve> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("GAtt: instruction retention per turn")
                .xAxisTitle("dialog turn").yAxisTitle("answers that follow the instruction (%)").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        for (RetentionCurve c : curves) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int t = 1; t <= c.turns(); t++) {
                if (c.dialogs()[t - 1] > 0) {
                    x.add((double) t);
                    y.add(100 * c.retention(t));
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(c.model() + " (" + c.group() + ", n=" + c.dialogs()[0] + ")", x, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no retention point to plot");
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes));
    }
}
