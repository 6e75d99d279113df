package dev.stride.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE =
      """
      # HELP stride_events_consumed_total Kafka records read
      # TYPE stride_events_consumed_total counter
      stride_events_consumed_total{outcome="processed",topic="a",type="t"} 3.0
      stride_events_consumed_total{outcome="skipped",topic="a",type="none"} 1.0
      stride_store_operation_seconds_bucket{operation="get",outcome="success",le="+Inf"} 2
      kafka_consumer_fetch_manager_records_lag_max{client_id="c"} NaN
      some_gauge -Inf
      """;

  @Test
  void readsPastTimestampsExemplarsAndOddLabelValues() {
    PrometheusText text =
        PrometheusText.parse(
            """
            stride_events_consumed_total{outcome="processed",topic="a",type="t"} 1.0 # {span_id="9bc97fa7f2b871a0",trace_id="6b7afa17c0e65e4a1806b5c233bd56c1"} 1.0
            http_requests_total{uri="/a b/{id} # x",status="200"} 7 1764325000000
            plain_total 2
            """);

    assertThat(
            text.count(
                "stride_events_consumed_total{outcome=\"processed\",topic=\"a\",type=\"t\"}"))
        .isEqualTo(1.0);
    assertThat(text.count("http_requests_total{uri=\"/a b/{id} # x\",status=\"200\"}"))
        .isEqualTo(7.0);
    assertThat(text.count("plain_total")).isEqualTo(2.0);
  }

  @Test
  void readsEverySeriesWithItsLabelsAndValue() {
    PrometheusText text = PrometheusText.parse(SCRAPE);

    assertThat(
            text.count(
                "stride_events_consumed_total{outcome=\"processed\",topic=\"a\",type=\"t\"}"))
        .isEqualTo(3.0);
    assertThat(
            text.count("stride_events_consumed_total{outcome=\"failed\",topic=\"a\",type=\"t\"}"))
        .isZero();
    assertThat(
            text.find(
                "stride_store_operation_seconds_bucket{operation=\"get\",outcome=\"success\",le=\"+Inf\"}"))
        .contains(2.0);
    assertThat(text.find("kafka_consumer_fetch_manager_records_lag_max{client_id=\"c\"}"))
        .hasValueSatisfying(v -> assertThat(v).isNaN());
    assertThat(text.find("some_gauge")).contains(Double.NEGATIVE_INFINITY);
    assertThat(text.series("stride_events_consumed_total"))
        .containsExactly(
            "stride_events_consumed_total{outcome=\"processed\",topic=\"a\",type=\"t\"}",
            "stride_events_consumed_total{outcome=\"skipped\",topic=\"a\",type=\"none\"}");
  }
}
