package dev.stride.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void typesFollowTheNamingRule() {
    assertThat(EventType.EPOCH_COMPLETED.type())
        .isEqualTo("dev.stride.training.epoch-completed.v1");
    assertThat(EventType.DATASET_INGESTED.type())
        .isEqualTo("dev.stride.dataset.dataset-ingested.v1");
    assertThat(EventType.MODEL_PROMOTED.type())
        .isEqualTo("dev.stride.evaluation.model-promoted.v1");
    assertThat(EventType.RUN_CANCEL_REQUESTED.topic()).isEqualTo("training.control");
  }
}
