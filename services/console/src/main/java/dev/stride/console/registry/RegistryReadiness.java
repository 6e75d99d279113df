package dev.stride.console.registry;

import dev.stride.contracts.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Not ready until the registry has replayed the event history as it stood when the console started:
 * a replica that lists half the runs must not get traffic. The end offsets of the registry's topics
 * are read once at start (again and again while Kafka cannot be reached).
 */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

  static final String NAME = "registry replay";
  private static final Logger LOG = Logger.getLogger(RegistryReadiness.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** The topics RegistryConsumer folds (its channel's topics). */
  static final List<String> TOPICS =
      List.of(
          Topics.TRAINING_REQUESTS,
          Topics.TRAINING_EVENTS,
          Topics.EVALUATION_EVENTS,
          Topics.DATASET_EVENTS);

  @Inject ReplayProgress progress;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private final ScheduledExecutorService reader =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "registry-replay-target"));

  void onStart(@Observes StartupEvent event) {
    reader.execute(this::readTarget);
  }

  void onStop(@Observes ShutdownEvent event) {
    reader.shutdownNow();
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    if (!progress.hasTarget()) {
      return response.down().withData("waiting", "for the topics' end offsets").build();
    }
    if (progress.caughtUp()) {
      return response.up().build();
    }
    response.down();
    progress.behind().forEach(response::withData);
    return response.build();
  }

  private void readTarget() {
    try (Admin admin = Admin.create(adminConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
          admin.describeTopics(TOPICS).topicNameValues().entrySet()) {
        try {
          topic.getValue().get().partitions().stream()
              .map(p -> new TopicPartition(topic.getKey(), p.partition()))
              .forEach(p -> latest.put(p, OffsetSpec.latest()));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw e;
          }
          // a topic not created yet holds no history to replay
        }
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      progress.target(ends);
      LOG.infof(
          "replaying %d records of event history",
          ends.values().stream().mapToLong(Long::longValue).sum());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf(
          "cannot read the end offsets of %s yet, trying again: %s%s",
          TOPICS, e, e.getCause() == null ? "" : " (" + e.getCause() + ")");
      reader.schedule(this::readTarget, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    kafkaConfig.forEach(
        (key, value) -> {
          if (AdminClientConfig.configNames().contains(key)) {
            config.put(key, value);
          }
        });
    config.put(
        AdminClientConfig.CLIENT_ID_CONFIG, "console-replay-" + ProcessHandle.current().pid());
    // a call gives up within 10 s and is tried again (the request timeout must not exceed it)
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    return config;
  }
}
