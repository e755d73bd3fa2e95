package org.rlhf4j.rewardmodel;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.rlhf4j.artifacts.AtomicFile;

/**
 * A reward model's scores against a reference score of the same responses (e.g. an external judge's, or human
 * ratings): a scatter plot (PNG) and Spearman's rank correlation (Commons Math). A well-trained RM orders responses
 * as the reference does; the paper compares its RMs with human preference ratings the same way (§3.4.1).
 */
public final class CalibrationPlot {

    private CalibrationPlot() {}

    /** Spearman's ρ between the RM scores and the reference scores (NaN with fewer than 2 points). */
    public static double spearman(float[] rmScores, double[] reference) {
        if (rmScores.length != reference.length) {
            throw new IllegalArgumentException(rmScores.length + " RM scores but " + reference.length
                    + " reference scores");
        }
        if (rmScores.length < 2) {
            return Double.NaN;
        }
        double[] x = new double[rmScores.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = rmScores[i];
        }
        return new SpearmansCorrelation().correlation(reference, x);
    }

    /** Writes the scatter of (reference, RM score) to {@code png} atomically. */
    public static void write(Path png, String title, String referenceName, float[] rmScores, double[] reference)
            throws IOException {
        if (rmScores.length == 0 || rmScores.length != reference.length) {
            throw new IllegalArgumentException("need as many RM scores as reference scores, at least one");
        }
        double[] y = new double[rmScores.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = rmScores[i];
        }
        XYChart chart = new XYChartBuilder().width(800).height(600)
                .title(String.format("%s (Spearman ρ = %.3f)", title, spearman(rmScores, reference)))
                .xAxisTitle(referenceName).yAxisTitle("reward-model score").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.addSeries("responses", reference, y);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFile.write(png, out -> out.write(bytes));
    }
}
