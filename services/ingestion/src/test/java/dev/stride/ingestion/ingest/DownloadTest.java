package dev.stride.ingestion.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetProgressed;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.ingestion.CifarMirror;
import dev.stride.ingestion.CifarMirrorResource;
import dev.stride.ingestion.CifarMirrorResource.InjectMirror;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloads: the default CIFAR-10 source (served by a local mirror of the real layout), MD5 checks,
 * progress, and URLs that must never be fetched.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@QuarkusTestResource(CifarMirrorResource.class)
class DownloadTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @InjectMirror CifarMirror mirror;
  EventTap tap;

  @BeforeEach
  void openTap() {
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void aRequestWithoutASourceDownloadsCifar10AndReportsProgress() {
    String id = "cifar-10-binary-" + mirror.md5().substring(0, 8);

    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202)
        .body("datasetId", equalTo(id));

    DatasetIngested ingested =
        tap.await(DatasetIngested.class, e -> e.datasetId().equals(id), WAIT);
    // the notebook's split of 5 × 120 training images: the last fifth is validation
    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(480, 120, 100);
    assertThat(ingested.classNames()).isEqualTo(CifarMirror.CLASS_NAMES);
    List<DatasetProgressed> progress = tap.events(DatasetProgressed.class, id);
    assertThat(progress)
        .extracting(DatasetProgressed::phase)
        .contains("downloading", "reading", "writing");
    DatasetProgressed downloaded =
        progress.stream()
            .filter(p -> p.phase().equals("downloading"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(downloaded.bytes()).isEqualTo(mirror.archive().length);
    assertThat(downloaded.totalBytes()).isEqualTo(mirror.archive().length);
    assertThat(downloaded.percent()).isEqualTo(100.0);
    assertThat(mirror.hits(CifarMirror.ARCHIVE_PATH)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aWrongMd5FailsTheDatasetAndLeavesNothing() {
    String url = mirror.url(CifarMirror.ARCHIVE_PATH);
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"datasetId\":\"bad-md5\",\"source\":{\"url\":\""
                + url
                + "\",\"md5\":\""
                + "0".repeat(32)
                + "\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    DatasetFailed failed =
        tap.await(DatasetFailed.class, e -> e.datasetId().equals("bad-md5"), WAIT);
    assertThat(failed.reason())
        .isEqualTo("MD5 of " + url + " is " + mirror.md5() + ", expected " + "0".repeat(32));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost:%d/~kriz/cifar-10-binary.tar.gz",
        "http://[::ffff:127.0.0.1]:%d/~kriz/cifar-10-binary.tar.gz",
        "http://2130706433:%d/~kriz/cifar-10-binary.tar.gz",
      })
  void refusesUrlsIntoTheNetworkBeforeConnecting(String pattern) {
    String url = String.format(pattern, mirror.port());
    int before = mirror.totalHits();

    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"url\":\"" + url + "\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(422)
        .body("error", org.hamcrest.Matchers.startsWith("refusing to download '" + url + "'"));

    assertThat(mirror.totalHits()).isEqualTo(before);
  }

  @Test
  void refusesAFileUrl() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"url\":\"file:///etc/passwd\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body("error", equalTo("source.url must be http or https: 'file:///etc/passwd'"));
  }

  @Test
  void checksEveryRedirectTarget() {
    String url = mirror.url("/redirect/localhost");
    given()
        .contentType(ContentType.JSON)
        .body("{\"datasetId\":\"redirected\",\"source\":{\"url\":\"" + url + "\"}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    DatasetFailed failed =
        tap.await(DatasetFailed.class, e -> e.datasetId().equals("redirected"), WAIT);
    assertThat(failed.reason())
        .startsWith(
            "refusing to download 'http://localhost:"
                + mirror.port()
                + "/~kriz/cifar-10-binary.tar.gz'");
    assertThat(mirror.hits("/redirect/localhost")).isEqualTo(1);
  }
}
