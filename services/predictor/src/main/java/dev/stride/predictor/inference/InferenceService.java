package dev.stride.predictor.inference;

import dev.stride.observability.Tracing;
import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.model.ModelServer;
import dev.stride.predictor.model.NoModelException;
import dev.stride.predictor.model.ServedModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Classifies pictures with the served model, batching concurrent requests (see {@link
 * DynamicBatcher}). Each batch is answered by one model: the one served when the batch ran.
 */
@ApplicationScoped
public class InferenceService {

  /** One picture's class probabilities and the model that gave them. */
  public record Answer(float[] probabilities, ServedModel model) {}

  @Inject PredictorConfig config;
  @Inject ModelServer server;
  @Inject MeterRegistry registry;
  @Inject Tracing tracing;

  private DynamicBatcher<byte[], Answer> batcher;

  void onStart(@Observes StartupEvent event) {
    PredictorConfig.Batching batching = config.batching();
    if (batching.maxQueued() < config.maxImagesPerRequest()) {
      throw new IllegalStateException(
          "predictor.batching.max-queued ("
              + batching.maxQueued()
              + ") must be at least predictor.max-images-per-request ("
              + config.maxImagesPerRequest()
              + ")");
    }
    DistributionSummary batchSize =
        DistributionSummary.builder("stride.predictor.batch.size")
            .description("Pictures per forward pass")
            .baseUnit("pictures")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
            .register(registry);
    batcher =
        new DynamicBatcher<>(
            "inference-batcher",
            batching.maxBatchSize(),
            batching.maxDelay(),
            batching.maxQueued(),
            this::forward,
            batchSize::record);
    Gauge.builder("stride.predictor.queue.pictures", batcher, DynamicBatcher::queued)
        .description("Pictures waiting or running")
        .register(registry);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (batcher != null) {
      batcher.close();
    }
  }

  /**
   * Classifies pictures. Nothing waits on a thread: the answer comes when the pictures' batches
   * have run, so the requests held are bounded by the batcher's queue, not by a thread pool.
   *
   * @param chw 3×32×32 CHW bytes per picture
   * @return the answers, or fails with {@link BusyException} if they take longer than the
   *     configured timeout (the pictures are then dropped from the queue)
   * @throws NoModelException if no model is served
   * @throws OverloadedException if the queue is full
   */
  public Uni<List<Answer>> classify(List<byte[]> chw) {
    if (server.current().isEmpty()) {
      throw new NoModelException(config.modelName());
    }
    long timeoutMillis = config.batching().timeout().toMillis();
    // from the queue to the answer, in the trace of the request that asked
    Span span = tracing.detached("inference");
    span.setAttribute("stride.pictures", chw.size());
    CompletableFuture<List<Answer>> answers;
    try {
      answers = batcher.submit(chw);
    } catch (RuntimeException refused) {
      end(span, null, refused);
      throw refused;
    }
    answers.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    // a side branch: the request's future itself must stay the one a caller who leaves cancels
    answers.whenComplete((answered, error) -> end(span, answered, error));
    return Uni.createFrom()
        .completionStage(answers)
        .onFailure(TimeoutException.class)
        .transform(
            e -> new BusyException("no answer within " + timeoutMillis + " ms; retry shortly"))
        .onFailure(e -> !(e instanceof RuntimeException))
        .transform(e -> new IllegalStateException("the forward pass failed: " + e, e));
  }

  private static void end(Span span, List<Answer> answered, Throwable error) {
    if (error != null) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    } else if (!answered.isEmpty()) {
      span.setAttribute("stride.run_id", answered.get(0).model().pointer().runId());
    }
    span.end();
  }

  /** True while no picture fits in the queue. */
  public boolean full() {
    return batcher.queued() >= batcher.maxQueued();
  }

  public int maxQueued() {
    return batcher.maxQueued();
  }

  private List<Answer> forward(List<byte[]> pictures) {
    ServedModel model =
        server.current().orElseThrow(() -> new NoModelException(config.modelName()));
    int size = pictures.get(0).length;
    byte[] all = new byte[pictures.size() * size];
    for (int i = 0; i < pictures.size(); i++) {
      System.arraycopy(pictures.get(i), 0, all, i * size, size);
    }
    float[][] probabilities = model.classifier().probabilities(all, pictures.size());
    List<Answer> answers = new ArrayList<>(pictures.size());
    for (float[] row : probabilities) {
      answers.add(new Answer(row, model));
    }
    return answers;
  }
}
