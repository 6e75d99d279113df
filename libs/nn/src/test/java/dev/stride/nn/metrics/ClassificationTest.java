package dev.stride.nn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ClassificationTest {

  private static final List<String> NAMES = List.of("cat", "dog", "ship");

  /** Six examples: true labels and predicted probabilities chosen to hit every case. */
  private static final int[] LABELS = {0, 0, 1, 1, 2, 2};

  private static final float[][] PROBABILITIES = {
    {0.9f, 0.05f, 0.05f}, // cat → cat, sure
    {0.4f, 0.35f, 0.25f}, // cat → cat, unsure
    {0.85f, 0.1f, 0.05f}, // dog → cat, sure and wrong
    {0.2f, 0.7f, 0.1f}, // dog → dog
    {0.3f, 0.25f, 0.45f}, // ship → ship, unsure
    {0.45f, 0.3f, 0.25f}, // ship → cat, unsure and wrong; ship only third
  };

  private final Classification scores = Classification.of(NAMES, LABELS, PROBABILITIES);

  @Test
  void countsTheConfusionMatrixAccuracyAndTopK() {
    assertThat(scores.confusion()).isDeepEqualTo(new int[][] {{2, 0, 0}, {1, 1, 0}, {1, 0, 1}});
    assertThat(scores.accuracy()).isEqualTo(4 / 6.0);
    assertThat(scores.topK(2)).isEqualTo(5 / 6.0);
    assertThat(scores.topK(3)).isEqualTo(1.0);
  }

  @Test
  void scoresEachClass() {
    List<ClassMetrics> perClass = scores.perClass();

    assertThat(perClass.get(0)).isEqualTo(new ClassMetrics("cat", 2, 4, 0.5, 1.0, 2 * 0.5 / 1.5));
    assertThat(perClass.get(1).precision()).isEqualTo(1.0);
    assertThat(perClass.get(1).recall()).isEqualTo(0.5);
    assertThat(perClass.get(2).support()).isEqualTo(2);
  }

  @Test
  void aClassWithoutExamplesHasNoRecallAndOneNeverPredictedNoPrecision() {
    Classification noShips =
        Classification.of(
            NAMES, new int[] {0, 1}, new float[][] {{0.9f, 0.1f, 0f}, {0.2f, 0.8f, 0f}});

    ClassMetrics ship = noShips.perClass().get(2);
    assertThat(ship.support()).isZero();
    assertThat(ship.recall()).isNull();
    assertThat(ship.precision()).isNull();
    assertThat(ship.f1()).isNull();
    assertThat(noShips.macroF1()).isEqualTo(1.0);
  }

  @Test
  void sortsPredictionsIntoTheNotebooksFourCases() {
    List<ConfidenceCases.Group> groups = ConfidenceCases.of(scores, 0.8, 0.5);

    assertThat(groups).extracting(ConfidenceCases.Group::count).containsExactly(1, 2, 1, 1);
    assertThat(groups.get(0).examples()).containsExactly(0);
    // correct with low confidence, least confident first
    assertThat(groups.get(1).examples()).containsExactly(1, 4);
    assertThat(groups.get(2).examples()).containsExactly(2);
    assertThat(groups.get(3).examples()).containsExactly(5);
    assertThat(groups.get(2).meanLoss()).isCloseTo(-Math.log(0.1), within(1e-6));
    assertThat(groups.get(1).meanLoss())
        .isCloseTo((-Math.log(0.4) - Math.log(0.45)) / 2, within(1e-6));
  }

  @Test
  void measuresCalibrationPerBinAndTheExpectedError() {
    Calibration calibration = Calibration.of(scores, 10);

    // confidences 0.9, 0.4, 0.85, 0.7, 0.45, 0.45
    Calibration.Bin nine = calibration.bins().get(8);
    assertThat(nine.count()).isEqualTo(2);
    assertThat(nine.accuracy()).isEqualTo(0.5);
    assertThat(nine.meanConfidence()).isCloseTo(0.875, within(1e-6));
    assertThat(calibration.bins().get(5).count()).isZero();
    assertThat(calibration.bins().get(5).accuracy()).isNaN();
    double expected =
        2 / 6.0 * Math.abs(0.5 - 0.875) // 0.85 and 0.9
            + 1 / 6.0 * Math.abs(1 - 0.4) // 0.4
            + 2 / 6.0 * Math.abs(0.5 - 0.45) // 0.45 twice, one right
            + 1 / 6.0 * Math.abs(1 - 0.7); // 0.7
    assertThat(calibration.expectedCalibrationError()).isCloseTo(expected, within(1e-6));
  }

  @Test
  void drawsTheChartsAsPngs() throws Exception {
    BufferedImage confusion =
        ImageIO.read(new ByteArrayInputStream(MetricCharts.confusion(scores, "run-1")));
    BufferedImage reliability =
        ImageIO.read(
            new ByteArrayInputStream(
                MetricCharts.reliability(Calibration.of(scores, 10), "run-1")));

    assertThat(confusion.getWidth()).isEqualTo(90 + 3 * 44 + 20);
    assertThat(reliability.getWidth()).isEqualTo(50 + 360 + 20);
  }
}
