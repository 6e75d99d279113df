package dev.stride.console.control;

import static dev.stride.console.control.RunRequestsTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {

  static final String BASE =
      "{\"runId\": \"sw\", \"datasetId\": \"d\", \"hyperparameters\": {\"epochs\": 3}}";

  @Test
  void aTwoByTwoGridIsFourRequestsTheLastKeyFastest() throws Exception {
    List<RunRequested> runs =
        Sweep.expand(
            json(
                "{\"base\": "
                    + BASE
                    + ", \"grid\": {\"learningRate\": [0.001, 0.01], \"batchSize\": [64, 128]}}"),
            64);

    assertThat(runs)
        .containsExactly(
            request("sw-1", 0.001, 64), request("sw-2", 0.001, 128),
            request("sw-3", 0.01, 64), request("sw-4", 0.01, 128));
  }

  @Test
  void anArchitectureAxisAndFreshIdsWithoutABaseRunId() throws Exception {
    List<RunRequested> runs =
        Sweep.expand(
            json(
                "{\"base\": {\"datasetId\": \"d\"},"
                    + " \"grid\": {\"architecture\": [\"alexnet-mini\", \"resnet-20\"]}}"),
            64);

    assertThat(runs)
        .extracting(RunRequested::architecture)
        .containsExactly("alexnet-mini", "resnet-20");
    assertThat(runs).extracting(RunRequested::runId).doesNotHaveDuplicates();
    assertThat(runs).allSatisfy(r -> assertThat(r.runId()).startsWith("run-"));
  }

  @Test
  void refusalsNameTheField() {
    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {\"batchSize\": [64, -1]}}",
        "hyperparameters.batchSize",
        "run 2 of 2 (batchSize=-1): hyperparameters.batchSize must be positive, was -1");
    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {\"lr\": [0.1]}}",
        "grid.lr",
        "grid.lr is not a hyperparameter; a grid varies architecture or epochs, batchSize,"
            + " learningRate, seed, maxBatches, shuffle, normalization, augmentation, schedule,"
            + " earlyStopping, devices");
    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {\"seed\": []}}",
        "grid.seed",
        "grid.seed must be a non-empty list of values");
    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {\"seed\": [1, 2, 3], \"epochs\": [1, 2, 3]}}",
        "grid",
        "the grid makes 9 runs; at most 8 are allowed");
    assertRefused("{\"grid\": {\"seed\": [1]}}", "base", "base must be a RunRequested object");
    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {}, \"extra\": 1}",
        "extra",
        "extra is not a field of a sweep: base, grid");
  }

  @Test
  void aGridOf256ToThe8thIsRefusedNotWrappedToNoRuns() {
    // issue 21: 256⁸ = 2^64 wrapped a long to 0 and the sweep answered {"runIds": []}
    String values =
        java.util.stream.IntStream.rangeClosed(1, 256)
            .mapToObj(String::valueOf)
            .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    String grid =
        java.util.stream.Stream.of(
                "epochs",
                "batchSize",
                "learningRate",
                "seed",
                "maxBatches",
                "shuffle",
                "normalization",
                "devices")
            .map(name -> "\"" + name + "\": " + values)
            .collect(java.util.stream.Collectors.joining(", "));

    assertRefused(
        "{\"base\": " + BASE + ", \"grid\": {" + grid + "}}",
        "grid",
        "the grid makes 18446744073709551616 runs; at most 8 are allowed");
  }

  static RunRequested request(String runId, double learningRate, int batchSize) {
    return new RunRequested(
        runId, "d", null, null, new Hyperparameters(3, batchSize, learningRate, null, null));
  }

  static void assertRefused(String body, String field, String message) {
    assertThatThrownBy(() -> Sweep.expand(json(body), 8))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }
}
