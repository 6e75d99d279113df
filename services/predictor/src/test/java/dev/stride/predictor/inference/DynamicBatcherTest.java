package dev.stride.predictor.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

  private final List<Integer> batches = new CopyOnWriteArrayList<>();

  /** Doubles each item, remembering the batches it was given. */
  private List<Integer> doubled(List<Integer> batch) {
    return batch.stream().map(i -> i * 2).toList();
  }

  @Test
  void concurrentRequestsShareOneForwardPassOnceTheBatchIsFull() throws Exception {
    List<List<Integer>> seen = new CopyOnWriteArrayList<>();
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            4,
            Duration.ofMinutes(10),
            16,
            batch -> {
              seen.add(batch);
              return doubled(batch);
            },
            batches::add)) {
      List<CompletableFuture<List<Integer>>> answers =
          List.of(
              batcher.submit(List.of(1)),
              batcher.submit(List.of(2)),
              batcher.submit(List.of(3)),
              batcher.submit(List.of(4)));

      assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).containsExactly(2);
      assertThat(answers.get(3).get(10, TimeUnit.SECONDS)).containsExactly(8);
      assertThat(seen).containsExactly(List.of(1, 2, 3, 4));
      assertThat(batches).containsExactly(4);
    }
  }

  @Test
  void aLoneRequestRunsAfterTheMaxDelay() throws Exception {
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>("test", 8, Duration.ofMillis(20), 16, this::doubled, batches::add)) {
      assertThat(batcher.submit(List.of(21)).get(10, TimeUnit.SECONDS)).containsExactly(42);
      assertThat(batches).containsExactly(1);
    }
  }

  @Test
  void aRequestLargerThanABatchIsAnsweredWholeAndInOrder() throws Exception {
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>("test", 2, Duration.ZERO, 16, this::doubled, batches::add)) {
      assertThat(batcher.submit(List.of(1, 2, 3, 4, 5)).get(10, TimeUnit.SECONDS))
          .containsExactly(2, 4, 6, 8, 10);
      assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
      assertThat(batches).allMatch(size -> size <= 2);
    }
  }

  @Test
  void whenTheQueueIsFullARequestIsRefusedAtOnceAndLaterOnesAreServed() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            1,
            Duration.ZERO,
            2,
            batch -> {
              running.countDown();
              release.await();
              return doubled(batch);
            },
            batches::add)) {
      CompletableFuture<List<Integer>> first = batcher.submit(List.of(1));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<Integer>> second = batcher.submit(List.of(2));

      assertThat(batcher.queued()).isEqualTo(2);
      assertThatThrownBy(() -> batcher.submit(List.of(3)))
          .isInstanceOf(OverloadedException.class)
          .hasMessage(
              "overloaded: 2 of 2 picture slots are taken and this request needs 1; retry shortly");

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(2);
      assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(4);
      assertThat(batcher.submit(List.of(5)).get(10, TimeUnit.SECONDS)).containsExactly(10);
      assertThat(batcher.queued()).isZero();
    }
  }

  @Test
  void aRequestItsCallerGaveUpOnIsDroppedUnrunAndFreesItsSlots() throws Exception {
    List<List<Integer>> seen = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            1,
            Duration.ZERO,
            3,
            batch -> {
              seen.add(batch);
              running.countDown();
              release.await();
              return doubled(batch);
            },
            batches::add)) {
      CompletableFuture<List<Integer>> first = batcher.submit(List.of(1));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<Integer>> abandoned = batcher.submit(List.of(2, 3));
      assertThat(batcher.queued()).isEqualTo(3);

      // the caller's own timeout fires while its pictures wait
      abandoned.completeExceptionally(new TimeoutException("gave up"));
      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(2);
      assertThat(batcher.submit(List.of(4)).get(10, TimeUnit.SECONDS)).containsExactly(8);
      assertThat(seen).containsExactly(List.of(1), List.of(4));
      assertThat(batches).containsExactly(1, 1);
      assertThat(batcher.queued()).isZero();
    }
  }

  @Test
  void aFailingBatchFailsOnlyItsOwnRequests() throws Exception {
    try (DynamicBatcher<Integer, Integer> batcher =
        new DynamicBatcher<>(
            "test",
            1,
            Duration.ZERO,
            4,
            batch -> {
              if (batch.contains(13)) {
                throw new IllegalStateException("unlucky");
              }
              return doubled(batch);
            },
            batches::add)) {
      CompletableFuture<List<Integer>> bad = batcher.submit(List.of(13));
      CompletableFuture<List<Integer>> good = batcher.submit(List.of(7));

      assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("unlucky");
      assertThat(good.get(10, TimeUnit.SECONDS)).containsExactly(14);
      assertThat(batcher.queued()).isZero();
    }
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(
            () -> new DynamicBatcher<Integer, Integer>("t", 8, Duration.ZERO, 4, b -> b, n -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "need max batch size ≥ 1, max queued ≥ max batch size and a delay ≥ 0; got 8, 4, PT0S");
  }
}
