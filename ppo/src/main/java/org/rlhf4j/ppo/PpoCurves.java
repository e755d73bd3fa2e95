package org.rlhf4j.ppo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rlhf4j.artifacts.AtomicFile;

/** The per-iteration PPO curves of a run's {@code metrics.csv} as one PNG grid ({@value #FILE_NAME}). */
public final class PpoCurves {

    /** The file name inside a run directory. */
    public static final String FILE_NAME = "ppo.png";

    /** The plotted columns, in grid order. */
    public static final List<String> COLUMNS = List.of("reward_raw", "reward_whitened", "held_out_reward", "kl",
            "entropy", "clip_fraction", "approx_kl", "value_loss", "response_length");

    private PpoCurves() {}

    /** Reads {@code csv} and writes the grid to {@code png} atomically (points with NaN values are skipped). */
    public static void write(Path csv, Path png) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IllegalArgumentException(csv + ": no metric rows to plot");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<XYChart> charts = new ArrayList<>();
        for (String column : COLUMNS) {
            int c = header.indexOf(column);
            if (c < 0) {
                throw new IllegalArgumentException(csv + ": no column " + column);
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                double y = Double.parseDouble(cells[c]);
                if (Double.isFinite(y)) {
                    xs.add(Double.parseDouble(cells[0]));
                    ys.add(y);
                }
            }
            XYChart chart = new XYChartBuilder().width(400).height(300).title(column).xAxisTitle("iteration")
                    .build();
            chart.getStyler().setLegendVisible(false);
            if (xs.isEmpty()) {
                xs.add(0.0);
                ys.add(0.0);
            }
            chart.addSeries(column, xs, ys).setMarker(xs.size() < 20 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            charts.add(chart);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, 3, 3, bytes, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes.toByteArray()));
    }
}
