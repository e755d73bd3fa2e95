package org.rlhf4j.rewardmodel;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.data.format.Rating;
import org.testng.annotations.Test;

public class EvaluationTest {

    @Test
    public void accuracyPerRatingBucketTiesAreWrong() {
        float[] chosen = {2, 1, 0, 5, 3};
        float[] rejected = {1, 1, 1, 4, 4};
        List<Rating> ratings = List.of(Rating.SIGNIFICANTLY_BETTER, Rating.SIGNIFICANTLY_BETTER, Rating.BETTER,
                Rating.BETTER, Rating.NEGLIGIBLY_BETTER);
        AccuracyTable t = AccuracyTable.of(chosen, rejected, ratings);
        assertEquals(t.accuracy(Rating.SIGNIFICANTLY_BETTER), 0.5); // 2>1 right, 1=1 tie wrong
        assertEquals(t.accuracy(Rating.BETTER), 0.5);
        assertEquals(t.accuracy(Rating.NEGLIGIBLY_BETTER), 0.0);
        assertTrue(Double.isNaN(t.accuracy(Rating.SLIGHTLY_BETTER)));
        assertEquals(t.overall(), 2.0 / 5);
        assertEquals(t.pairs(), 5);
        RewardModelEvaluation.Report report = new RewardModelEvaluation.Report(
                List.of(new RewardModelEvaluation.Row("Helpfulness RM", "helpfulness", t, null)));
        String csv = report.csv();
        assertTrue(csv.startsWith("reward_model,test_set,significantly_better,better,slightly_better,"
                + "negligibly_better,avg"), csv);
        assertTrue(csv.contains("Helpfulness RM,helpfulness,0.5000,0.5000,,0.0000,0.4000,2,2,0,1,5,,"), csv);
        assertTrue(report.format().contains("50.0 (2)"), report.format());
    }

    @Test
    public void unsafeDetectionAtTheGate() {
        float t = (float) RewardFunction.SAFETY_THRESHOLD_LOGIT;
        // unsafe (0) flagged, unsafe missed, safe flagged, safe passed, unknown skipped
        float[] scores = {-3f, 0.5f, -2f, 1f, -9f, Math.nextUp(t)};
        int[] safe = {0, 0, 1, 1, -1, 0};
        UnsafeResponseDetection d = UnsafeResponseDetection.of(scores, safe);
        assertEquals(d.truePositives(), 2 - 1 + 0); // only −3 (nextUp(t) is not below the threshold)
        assertEquals(d.falseNegatives(), 2);
        assertEquals(d.falsePositives(), 1);
        assertEquals(d.trueNegatives(), 1);
        assertEquals(d.precision(), 0.5);
        assertEquals(d.recall(), 1.0 / 3);
    }

    @Test
    public void rmJudgeAndCalibration() throws IOException {
        RewardModelJudge j = RewardModelJudge.compare(new float[] {1, 2, 3, 4}, new float[] {0, 2, 5, 1});
        assertEquals(j.wins(), 2);
        assertEquals(j.ties(), 1);
        assertEquals(j.losses(), 1);
        assertEquals(j.winRate(), 2.5 / 4);
        // ranks agree perfectly / exactly reversed
        assertEquals(CalibrationPlot.spearman(new float[] {1, 5, 3}, new double[] {0.1, 0.9, 0.5}), 1.0, 1e-12);
        assertEquals(CalibrationPlot.spearman(new float[] {1, 5, 3}, new double[] {0.9, 0.1, 0.5}), -1.0, 1e-12);
        Path png = Files.createTempFile("calibration", ".png");
        CalibrationPlot.write(png, "test", "judge", new float[] {1, 5, 3}, new double[] {0.1, 0.9, 0.5});
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals(head, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.delete(png);
    }

    @Test
    public void responsesFileErrorsNameFileLineAndField() throws IOException {
        Path f = Files.createTempFile("responses", ".jsonl");
        Files.writeString(f, "{\"id\":\"a\",\"response\":\"x\",\"helpfulness\":0.5}\n\n{\"id\":\"b\"}\n");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ResponsesFile.read(f));
        assertEquals(e.getMessage(), f + ":3: response: missing or not a string");
        Files.writeString(f, "{\"id\":\"a\",\"response\":\"x\",\"helpfulness\":0.5}\n{\"id\":\"b\",\"response\":\"y\"}\n");
        List<ResponsesFile.Line> lines = ResponsesFile.read(f);
        assertEquals(lines.size(), 2);
        IllegalArgumentException n = expectThrows(IllegalArgumentException.class,
                () -> ResponsesFile.numbers(f, lines, "helpfulness"));
        assertEquals(n.getMessage(), f + ":2: helpfulness: missing or not a number");
        Files.delete(f);
    }
}
