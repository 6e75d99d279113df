package dev.stride.console.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunRequested;
import org.junit.jupiter.api.Test;

class RunRequestsTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void aRequestWithoutRunIdGetsOneAndTheDefaults() throws Exception {
    RunRequested request = RunRequests.parse(json("{\"datasetId\": \"cifar10\"}"));

    assertThat(request.runId()).matches("run-[0-9a-f]{8}-[0-9a-f]{4}");
    assertThat(request)
        .isEqualTo(
            new RunRequested(
                request.runId(), "cifar10", "alexnet-mini", "cifar10", Hyperparameters.defaults()));
  }

  @Test
  void eachRefusalNamesItsField() {
    assertRefused(
        "{\"runId\": \"r\", \"datasetId\": \"d\", \"hyperparameters\": {\"batchSize\": -1}}",
        "hyperparameters.batchSize",
        "hyperparameters.batchSize must be positive, was -1");
    assertRefused(
        "{\"runId\": \"r\", \"datasetId\": \"d\", \"hyperparameters\": {\"batchSzie\": 64}}",
        "hyperparameters.batchSzie",
        "hyperparameters.batchSzie is not a field of Hyperparameters; its fields are epochs,"
            + " batchSize, learningRate, seed, maxBatches, shuffle, normalization, augmentation,"
            + " schedule, earlyStopping, devices");
    assertRefused(
        "{\"runId\": \"has space\", \"datasetId\": \"d\"}",
        "runId",
        "runId must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit:"
            + " 'has space'");
    assertRefused("[1, 2]", null, "the body must be a JSON object (a RunRequested)");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWithItsPath() {
    assertThatThrownBy(
            () ->
                RunRequests.parse(
                    json(
                        "{\"runId\": \"r\", \"datasetId\": \"d\","
                            + " \"hyperparameters\": {\"epochs\": \"many\"}}")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("hyperparameters.epochs");
              assertThat(e.getMessage())
                  .startsWith("hyperparameters.epochs has the wrong type: Cannot coerce String")
                  .contains("\"many\"");
            });
  }

  @Test
  void aFractionOrAStringIsNoIntegerAndNoNumber() {
    // issue 21: 1.7 became 1 epoch and "3" three, silently
    for (String value : new String[] {"1.7", "\"3\""}) {
      assertThatThrownBy(
              () ->
                  RunRequests.parse(
                      json(
                          "{\"runId\": \"r\", \"datasetId\": \"d\","
                              + " \"hyperparameters\": {\"epochs\": "
                              + value
                              + "}}")))
          .as(value)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("hyperparameters.epochs");
                assertThat(e.getMessage()).startsWith("hyperparameters.epochs has the wrong type");
              });
    }
    assertThatThrownBy(
            () ->
                RunRequests.parse(
                    json(
                        "{\"runId\": \"r\", \"datasetId\": \"d\","
                            + " \"hyperparameters\": {\"learningRate\": \"0.1\"}}")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("hyperparameters.learningRate"));
  }

  static void assertRefused(String body, String field, String message) {
    assertThatThrownBy(() -> RunRequests.parse(json(body)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
