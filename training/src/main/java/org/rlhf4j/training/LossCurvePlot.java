package org.rlhf4j.training;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rlhf4j.artifacts.AtomicFile;

/** The training-loss curve of a run as a PNG ({@code loss.png}), drawn with XChart. */
public final class LossCurvePlot {

    /** The file name inside a run directory. */
    public static final String FILE_NAME = "loss.png";

    private LossCurvePlot() {}

    /** Writes loss against step to {@code png} atomically; needs at least one point. */
    public static void write(Path png, String title, double[] steps, double[] losses) throws IOException {
        if (steps.length == 0 || steps.length != losses.length) {
            throw new IllegalArgumentException("need as many losses as steps, at least one; got " + steps.length
                    + " steps and " + losses.length + " losses");
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("loss", steps, losses).setMarker(SeriesMarkers.NONE);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes));
    }
}
