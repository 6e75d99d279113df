package dev.stride.evaluator.evaluation;

import dev.stride.data.ImageSet;
import dev.stride.data.image.CaptionedGrid;
import dev.stride.data.image.SampleGrid;
import dev.stride.nn.metrics.Calibration;
import dev.stride.nn.metrics.Classification;
import dev.stride.nn.metrics.ConfidenceCases;
import dev.stride.nn.metrics.MetricCharts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notebook's figures for one checkpoint: the confusion matrix, 25 test predictions captioned
 * "predicted (probability)" beside the true label with mistakes framed, examples of the four
 * confidence cases, and the reliability diagram.
 */
final class Pictures {

  static final String CONFUSION = "confusion";
  static final String PREDICTIONS = "predictions";
  static final String CONFIDENCE = "confidence";
  static final String CALIBRATION = "calibration";

  private Pictures() {}

  /** Picture name → PNG bytes. */
  static Map<String, byte[]> of(
      String title,
      ImageSet test,
      Classification scores,
      List<ConfidenceCases.Group> cases,
      Calibration calibration,
      int caseExamples,
      long seed) {
    Map<String, byte[]> pictures = new LinkedHashMap<>();
    pictures.put(CONFUSION, MetricCharts.confusion(scores, "confusion matrix: " + title));
    pictures.put(PREDICTIONS, predictions(test, scores, seed));
    pictures.put(CONFIDENCE, confidence(test, scores, cases, caseExamples));
    pictures.put(CALIBRATION, MetricCharts.reliability(calibration, "reliability: " + title));
    return pictures;
  }

  private static byte[] predictions(ImageSet test, Classification scores, long seed) {
    List<CaptionedGrid.Tile> tiles = new ArrayList<>();
    for (int i : SampleGrid.pick(test.size(), Math.min(25, test.size()), seed)) {
      tiles.add(tile(test, scores, i));
    }
    return CaptionedGrid.render(tiles, 5, 3);
  }

  private static byte[] confidence(
      ImageSet test, Classification scores, List<ConfidenceCases.Group> cases, int examples) {
    List<CaptionedGrid.Section> sections = new ArrayList<>();
    for (ConfidenceCases.Group group : cases) {
      List<CaptionedGrid.Tile> tiles = new ArrayList<>();
      for (int i : group.examples().subList(0, Math.min(examples, group.examples().size()))) {
        tiles.add(tile(test, scores, i));
      }
      String title =
          Double.isNaN(group.meanLoss())
              ? group.kind().title()
              : String.format(
                  Locale.ROOT,
                  "%s: %d images, mean loss %.3f",
                  group.kind().title(),
                  group.count(),
                  group.meanLoss());
      sections.add(new CaptionedGrid.Section(title, tiles));
    }
    return CaptionedGrid.renderSections(sections, examples, 3);
  }

  /** As the notebook's figure: "predicted (probability)" under the image, the truth beside it. */
  private static CaptionedGrid.Tile tile(ImageSet test, Classification scores, int i) {
    List<String> names = scores.classNames();
    String caption =
        String.format(
            Locale.ROOT, "%s (%.3f)", names.get(scores.predicted(i)), scores.confidence(i));
    return new CaptionedGrid.Tile(
        test.image(i), caption, names.get(scores.label(i)), scores.predicted(i) != scores.label(i));
  }
}
