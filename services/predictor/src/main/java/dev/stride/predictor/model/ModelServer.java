package dev.stride.predictor.model;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.nn.Classifier;
import dev.stride.predictor.PredictorConfig;
import dev.stride.storage.CorruptCheckpointException;
import dev.stride.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the served model and swaps it: a new one is loaded and checked aside, then replaces the old
 * in one step, so every request is answered by one whole model. The old one is closed later, once
 * requests already holding it are done.
 */
@ApplicationScoped
public class ModelServer {

  private static final Logger LOG = Logger.getLogger(ModelServer.class);

  @Inject PredictorConfig config;
  @Inject ObjectStore store;
  @Inject ModelLoader loader;
  @Inject MeterRegistry registry;

  private MultiGauge servedModel;

  private final AtomicReference<ServedModel> served = new AtomicReference<>();
  // why the registry's latest entry is not what is served; null once it is
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private final ScheduledExecutorService background =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "model-server"));

  /** At start-up, and then every refresh interval: serve what the registry names. */
  @PostConstruct
  void metrics() {
    servedModel =
        MultiGauge.builder("stride.predictor.model")
            .description("The served model: 1 for its name and version (the run that trained it)")
            .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    long every = config.refreshInterval().toMillis();
    background.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    background.shutdownNow();
    ServedModel model = served.getAndSet(null);
    if (model != null) {
      model.classifier().close();
    }
  }

  public Optional<ServedModel> current() {
    return Optional.ofNullable(served.get());
  }

  /** Why the last promotion or registry read did not change the served model, if one failed. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  /** Serves the registry's current entry for the configured name, if it changed. */
  public synchronized void refresh() {
    try {
      store
          .findJson(ObjectKeys.currentModel(config.modelName()), ModelPointer.class)
          .ifPresent(this::serve);
    } catch (RuntimeException e) {
      // the next refresh tries again; the model in service stays
      lastFailure.set(
          "cannot read the registry entry of " + config.modelName() + ": " + e.getMessage());
      LOG.warn(lastFailure.get());
    }
  }

  /**
   * Loads the pointed-to checkpoint and makes it the served model, unless it already is.
   *
   * @return false if the checkpoint cannot be trusted or loaded; the old model stays
   */
  public synchronized boolean serve(ModelPointer pointer) {
    ServedModel now = served.get();
    if (now != null && now.pointer().checkpointKey().equals(pointer.checkpointKey())) {
      lastFailure.set(null);
      return true;
    }
    Path work = workDirectory();
    try {
      ServedModel next = loader.load(pointer, work);
      Classifier classifier = next.classifier();
      ServedModel old = served.getAndSet(next);
      lastFailure.set(null);
      servedModel.register(
          List.of(
              MultiGauge.Row.of(
                  Tags.of(
                      "model", pointer.modelName(),
                      "version", pointer.runId(),
                      "architecture", String.valueOf(pointer.architecture())),
                  1)),
          true);
      LOG.infof(
          "serving %s: run %s (%s, test accuracy %.4f) on %s",
          pointer.modelName(),
          pointer.runId(),
          pointer.checkpointKey(),
          pointer.testAccuracy(),
          classifier.device());
      if (old != null) {
        background.schedule(
            () -> old.classifier().close(), config.retireAfter().toMillis(), TimeUnit.MILLISECONDS);
      }
      return true;
    } catch (CorruptCheckpointException | IOException e) {
      lastFailure.set("not serving run " + pointer.runId() + ": " + e.getMessage());
      LOG.error(lastFailure.get());
      return false;
    } catch (RuntimeException | Error e) {
      // the store unreachable past its retries, an engine refusing the parameters, a bug, the
      // machine out of memory: the model in service stays, and readiness names what broke
      lastFailure.set("not serving run " + pointer.runId() + ": " + e);
      LOG.error(lastFailure.get(), e);
      return false;
    } finally {
      deleteQuietly(work);
    }
  }

  private Path workDirectory() {
    try {
      Path root = Files.createDirectories(Path.of(config.workDirectory()));
      return Files.createTempDirectory(root, "stride-predictor-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warnf("cannot clean %s: %s", dir, e.getMessage());
    }
  }
}
