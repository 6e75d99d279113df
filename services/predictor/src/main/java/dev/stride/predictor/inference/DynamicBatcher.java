package dev.stride.predictor.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Combines the items of concurrent requests into one forward pass, as TorchServe and Triton do: a
 * batch runs when it holds {@code maxBatchSize} items or when its oldest item has waited {@code
 * maxDelay}, whichever comes first. At most {@code maxQueued} items are waiting or running; a
 * request that would exceed that is refused at once ({@link OverloadedException}) rather than left
 * to time out.
 *
 * <p>One thread runs the batches, one after another: the forward function need not be thread-safe,
 * and a CPU or GPU is kept busy by one large batch better than by several small ones.
 *
 * @param <I> one item (a picture)
 * @param <O> its answer
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

  /** Runs one batch; returns one answer per item, in order. */
  @FunctionalInterface
  public interface Forward<I, O> {
    List<O> apply(List<I> batch) throws Exception;
  }

  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final int maxQueued;
  private final Forward<I, O> forward;
  private final IntConsumer batchSizes;
  private final Semaphore capacity;
  private final LinkedBlockingQueue<Entry<I, O>> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;

  /**
   * @param batchSizes told the size of every batch run (for metrics)
   */
  public DynamicBatcher(
      String name,
      int maxBatchSize,
      Duration maxDelay,
      int maxQueued,
      Forward<I, O> forward,
      IntConsumer batchSizes) {
    if (maxBatchSize < 1 || maxQueued < maxBatchSize || maxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "need max batch size ≥ 1, max queued ≥ max batch size and a delay ≥ 0; got "
              + maxBatchSize
              + ", "
              + maxQueued
              + ", "
              + maxDelay);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxDelayNanos = maxDelay.toNanos();
    this.maxQueued = maxQueued;
    this.forward = forward;
    this.batchSizes = batchSizes;
    this.capacity = new Semaphore(maxQueued);
    this.worker = new Thread(this::run, name);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues the items of one request.
   *
   * @return completes with one answer per item, in order, once every item's batch has run; fails
   *     with what the forward function threw. A caller that completes or cancels it first (e.g.
   *     {@code orTimeout}) frees its slots: its items still waiting are dropped unrun.
   * @throws OverloadedException if the items do not fit in the queue now
   */
  public CompletableFuture<List<O>> submit(List<I> items) {
    if (closed) {
      throw new IllegalStateException("the batcher is closed");
    }
    if (items.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (items.size() > maxQueued || !capacity.tryAcquire(items.size())) {
      throw new OverloadedException(
          items.size(), maxQueued - capacity.availablePermits(), maxQueued);
    }
    Request<O> request = new Request<>(items.size());
    long now = System.nanoTime();
    for (int i = 0; i < items.size(); i++) {
      queue.add(new Entry<>(items.get(i), request, i, now));
    }
    return request.future;
  }

  /** Items waiting or running now. */
  public int queued() {
    return maxQueued - capacity.availablePermits();
  }

  public int maxQueued() {
    return maxQueued;
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IllegalStateException gone = new IllegalStateException("the predictor is shutting down");
    for (Entry<I, O> entry; (entry = queue.poll()) != null; ) {
      entry.request.fail(gone);
    }
  }

  private void run() {
    List<Entry<I, O>> batch = new ArrayList<>(maxBatchSize);
    while (!closed) {
      try {
        Entry<I, O> first = queue.take();
        batch.add(first);
        long deadline = first.queuedAt + maxDelayNanos;
        while (batch.size() < maxBatchSize) {
          long left = deadline - System.nanoTime();
          Entry<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        if (closed) {
          batch.forEach(entry -> entry.request.fail(new IllegalStateException("shutting down")));
          return;
        }
      }
      execute(batch);
      batch.clear();
    }
  }

  private void execute(List<Entry<I, O>> taken) {
    // a caller that gave up (its future timed out or was cancelled) is not worth a forward pass
    List<Entry<I, O>> batch = new ArrayList<>(taken.size());
    for (Entry<I, O> entry : taken) {
      if (entry.request.future.isDone()) {
        capacity.release();
      } else {
        batch.add(entry);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<O> answers = null;
    Throwable failure = null;
    try {
      answers = forward.apply(batch.stream().map(Entry::item).toList());
      if (answers.size() != batch.size()) {
        throw new IllegalStateException(
            "the forward pass answered " + answers.size() + " of " + batch.size() + " items");
      }
    } catch (Exception | Error e) {
      failure = e;
    }
    // the slots are free before anyone is answered, so an answered caller may submit again
    capacity.release(batch.size());
    batchSizes.accept(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Entry<I, O> entry = batch.get(i);
      if (failure == null) {
        entry.request.answer(entry.index, answers.get(i));
      } else {
        entry.request.fail(failure);
      }
    }
  }

  private record Entry<I, O>(I item, Request<O> request, int index, long queuedAt) {}

  /** One caller's items, answered as their batches run. */
  private static final class Request<O> {
    final CompletableFuture<List<O>> future = new CompletableFuture<>();
    final Object[] answers;
    final AtomicInteger missing;

    Request(int items) {
      answers = new Object[items];
      missing = new AtomicInteger(items);
    }

    @SuppressWarnings("unchecked")
    void answer(int index, O answer) {
      answers[index] = answer;
      if (missing.decrementAndGet() == 0) {
        future.complete((List<O>) Arrays.asList(answers));
      }
    }

    void fail(Throwable cause) {
      future.completeExceptionally(cause);
    }
  }
}
