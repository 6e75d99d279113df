package dev.stride.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.InjectDevStack;
import dev.stride.predictor.PredictorConfig;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The predictor, with its shipped batching settings, driven at twice the capacity measured in the
 * same run: every request is answered (200, or 429/503 with an error body and Retry-After), some
 * are refused with 429 (a predictor that queues everything fails), none times out at the client,
 * and afterwards a load below capacity is served without a single error. Latencies are printed as
 * FIGURES, never asserted.
 */
@QuarkusTest
@TestProfile(OverloadTest.OwnApp.class)
@QuarkusTestResource(DevStackTestResource.class)
class OverloadTest {

  /** A fresh application for this class, with the production batching settings. */
  public static class OwnApp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of();
    }
  }

  private static final ImageSet PICTURES = SyntheticCifar.generate(256, 41);
  private static final Duration MEASURE = Duration.ofSeconds(3);
  private static final Duration OVERLOAD = Duration.ofSeconds(6);
  private static final ObjectMapper JSON = new ObjectMapper();

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  @Inject PredictorConfig config;

  @TestHTTPResource("/api/v1/predict")
  URI predict;

  /** One response: status (0 when the client got none), latency, and what it carried. */
  record Outcome(int status, long nanos, boolean timedOut, boolean errorBody, boolean retryAfter) {}

  @Test
  void atTwiceItsCapacityItRefusesFastNeverTimesOutAndRecoversFully() throws Exception {
    TestModels.promote(stack, store, checkpoints, "run-o1", TestModels.train(PICTURES, 5));
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

    // the client waits far longer than the service's own timeout: a client timeout means the
    // service left a request hanging
    Duration clientTimeout = config.batching().timeout().multipliedBy(6);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      pngs.add(Images.toPng(PICTURES.image(i), 1));
    }

    // 1. capacity: answered requests per second of a closed loop (warmed up first) whose clients
    // keep half the queue full, so every batch is full and none is refused
    int clients = config.batching().maxQueued() / 2;
    closedLoop(http, predict, pngs, clients, MEASURE, clientTimeout);
    List<Outcome> measured = closedLoop(http, predict, pngs, clients, MEASURE, clientTimeout);
    assertThat(measured).allMatch(o -> o.status() == 200);
    double capacity = measured.size() / (MEASURE.toNanos() / 1e9);

    // 2. overload: an open loop at twice that rate; requests are sent on schedule, answered or not
    double rate = 2 * capacity;
    List<Outcome> overload = openLoop(http, predict, pngs, rate, OVERLOAD, clientTimeout);
    long ok = count(overload, o -> o.status() == 200);
    long overloaded = count(overload, o -> o.status() == 429);
    long busy = count(overload, o -> o.status() == 503);
    long timeouts = count(overload, Outcome::timedOut);

    // 3. afterwards, below capacity: 2 clients in a closed loop
    List<Outcome> after = closedLoop(http, predict, pngs, 2, MEASURE, clientTimeout);
    long belowCapacityErrors = count(after, o -> o.status() != 200);

    System.out.printf(
        "FIGURES overload capacity=%.0f/s rate=%.0f/s requests=%d ok=%d 429=%d 503=%d timeouts=%d"
            + " median-ms 200=%.1f 429=%.1f 503=%.1f below-capacity requests=%d"
            + " below-capacity errors=%d%n",
        capacity,
        rate,
        overload.size(),
        ok,
        overloaded,
        busy,
        timeouts,
        medianMs(overload, 200),
        medianMs(overload, 429),
        medianMs(overload, 503),
        after.size(),
        belowCapacityErrors);

    assertThat(timeouts).as("requests the client gave up on").isZero();
    assertThat(overload)
        .as("every answer is 200, 429 or 503")
        .allMatch(o -> o.status() == 200 || o.status() == 429 || o.status() == 503);
    assertThat(overload)
        .filteredOn(o -> o.status() != 200)
        .as("every refusal names the problem in {\"error\"} and says when to retry")
        .allMatch(o -> o.errorBody() && o.retryAfter());
    assertThat(ok).as("answered while overloaded").isPositive();
    // a predictor that never refuses (queues everything, or answers 503 late) fails here
    assertThat(overloaded).as("429s while overloaded").isPositive();
    assertThat(overload)
        .filteredOn(o -> o.status() == 429)
        .as("every 429 says when to retry")
        .allMatch(Outcome::retryAfter);
    // how fast a refusal is, next to an answer, is printed above and measured by PredictorBench,
    // not
    // asserted here: on a starved 2-core runner the client's own queueing dominates both latencies
    // (GuardedPredictorTest shows a 429 leaving while the queued batch still waits)
    assertThat(after).as("requests below capacity afterwards").isNotEmpty();
    assertThat(belowCapacityErrors).as("errors below capacity afterwards").isZero();
  }

  private static List<Outcome> closedLoop(
      HttpClient http,
      URI predict,
      List<byte[]> pngs,
      int clients,
      Duration duration,
      Duration clientTimeout)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + duration.toNanos();
    try {
      List<Future<List<Outcome>>> loops = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        loops.add(
            pool.submit(
                () -> {
                  List<Outcome> outcomes = new ArrayList<>();
                  for (int i = client; System.nanoTime() < end; i += clients) {
                    outcomes.add(
                        send(http, predict, pngs.get(i % pngs.size()), clientTimeout)
                            .get(clientTimeout.toMillis() * 2, TimeUnit.MILLISECONDS));
                  }
                  return outcomes;
                }));
      }
      List<Outcome> all = new ArrayList<>();
      for (Future<List<Outcome>> loop : loops) {
        all.addAll(loop.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Outcome> openLoop(
      HttpClient http,
      URI predict,
      List<byte[]> pngs,
      double rate,
      Duration duration,
      Duration clientTimeout)
      throws Exception {
    int total = (int) Math.round(rate * duration.toNanos() / 1e9);
    List<CompletableFuture<Outcome>> sent = new ArrayList<>(total);
    CompletableFuture<Void> allSent = new CompletableFuture<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try {
      // fixed rate: a late tick is caught up, so the offered load does not bend to the service
      ScheduledFuture<?> ticks =
          ticker.scheduleAtFixedRate(
              () -> {
                if (sent.size() == total) {
                  allSent.complete(null);
                  return;
                }
                sent.add(send(http, predict, pngs.get(sent.size() % pngs.size()), clientTimeout));
              },
              0,
              Math.max(1, Math.round(1e9 / rate)),
              TimeUnit.NANOSECONDS);
      allSent.get(duration.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
      ticks.cancel(false);
    } finally {
      ticker.shutdownNow();
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .get(clientTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    return sent.stream().map(CompletableFuture::join).toList();
  }

  private static CompletableFuture<Outcome> send(
      HttpClient http, URI predict, byte[] png, Duration clientTimeout) {
    long start = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(predict)
            .timeout(clientTimeout)
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(png))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              long nanos = System.nanoTime() - start;
              if (failure != null) {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                return new Outcome(0, nanos, cause instanceof HttpTimeoutException, false, false);
              }
              return new Outcome(
                  response.statusCode(),
                  nanos,
                  false,
                  hasError(response.body()),
                  response.headers().firstValue("Retry-After").isPresent());
            });
  }

  private static boolean hasError(String body) {
    try {
      JsonNode error = JSON.readTree(body).get("error");
      return error != null && error.isTextual() && !error.asText().isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  private static long count(List<Outcome> outcomes, Predicate<Outcome> which) {
    return outcomes.stream().filter(which).count();
  }

  private static double medianMs(List<Outcome> outcomes, int status) {
    long[] nanos =
        outcomes.stream()
            .filter(o -> o.status() == status)
            .mapToLong(Outcome::nanos)
            .sorted()
            .toArray();
    return nanos.length == 0 ? Double.NaN : nanos[nanos.length / 2] / 1e6;
  }
}
