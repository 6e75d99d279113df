package dev.stride.trainer.requests;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.RunRequested;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.storage.StorageException;
import dev.stride.trainer.TrainerConfig;
import dev.stride.trainer.run.PublishException;
import dev.stride.trainer.run.RunExecutor;
import dev.stride.trainer.run.RunOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes runs from {@code training.requests}, one at a time. Owning a partition in the {@code
 * trainers} group is the lease on its runs: the request is acknowledged (its offset committed) only
 * when the run has ended; while it trains, the partitions are paused but still polled, so the
 * worker stays in the group however long the run lasts; a revoked partition stops its run, which
 * whoever owns the partition next takes up again.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

  private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);

  @Inject TrainerConfig config;
  @Inject RunExecutor runs;
  @Inject DeadLetters deadLetters;
  @Inject EventMetrics metrics;
  @Inject Tracing tracing;
  @Inject MeterRegistry registry;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService loopThread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-requests"));
  private final ExecutorService runThread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-run"));
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile KafkaClientMetrics consumerMetrics;
  private volatile Future<?> loop;
  private volatile ActiveRun active;

  /** The run in progress: its record, its stop flag and its end. */
  private record ActiveRun(
      ConsumerRecord<String, byte[]> record, AtomicBoolean stop, Future<RunOutcome> outcome) {

    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }
  }

  void onStart(@Observes StartupEvent event) {
    consumer =
        new KafkaConsumer<>(
            consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    // this consumer is not SmallRye's, so Quarkus' Kafka binder does not see it: its lag and
    // fetch meters (kafka_consumer_fetch_manager_records_lag_max...) are bound here
    consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(registry);
    loop = loopThread.submit(this::pollLoop);
  }

  /**
   * SIGTERM: stop the run at its next batch (its last epoch's checkpoint stays), leave the group.
   */
  void onStop(@Observes ShutdownEvent event) {
    running.set(false);
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      loop.get(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warnf("the request loop did not stop cleanly: %s", e.toString());
    }
    loopThread.shutdownNow();
    runThread.shutdownNow();
    if (consumerMetrics != null) {
      consumerMetrics.close();
    }
  }

  /** Whether the loop is alive, and the run it is on; for the health checks. */
  public boolean isAlive() {
    return loop != null && !loop.isDone();
  }

  public Optional<String> activeRun() {
    ActiveRun run = active;
    return run == null ? Optional.empty() : Optional.ofNullable(run.record().key());
  }

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(Topics.TRAINING_REQUESTS), new Lease());
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
          if (!running.get()) {
            break;
          }
        }
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("the request loop failed; this worker takes no more runs", e);
      throw e;
    } finally {
      consumer.close(Duration.ofSeconds(10));
    }
  }

  /** Runs one request to its end while keeping the group membership alive, then acknowledges it. */
  private void handle(ConsumerRecord<String, byte[]> record) {
    Optional<RunRequested> request = decode(record);
    if (request.isEmpty()) {
      commit(record);
      return;
    }
    AtomicBoolean stop = new AtomicBoolean(false);
    RunRequested run = request.get();
    Future<RunOutcome> outcome =
        runThread.submit(
            () -> {
              // the run continues the request's trace; every line it logs names the run
              try (Traced span = tracing.receive(record).attribute("stride.run_id", run.runId());
                  LogContext context = LogContext.ofRun(run.runId(), run.datasetId())) {
                try {
                  RunOutcome result = runs.run(run, stop::get);
                  if (result == RunOutcome.FAILED) {
                    span.failed("the run was refused");
                  }
                  return result;
                } catch (RuntimeException e) {
                  span.failed(e);
                  throw e;
                }
              }
            });
    active = new ActiveRun(record, stop, outcome);
    consumer.pause(consumer.assignment());
    try {
      while (!outcome.isDone()) {
        // nothing comes back (paused); polling keeps this worker in the group
        ConsumerRecords<String, byte[]> unexpected = consumer.poll(POLL);
        rewind(unexpected);
        if (!running.get()) {
          stop.set(true);
        }
      }
      RunOutcome result = outcome.get();
      if (result != RunOutcome.STOPPED && ownsPartition(record)) {
        commit(record);
        // a stopped run is counted by whoever finishes it
        metrics.consumed(record, result == RunOutcome.FAILED ? Outcome.FAILED : Outcome.PROCESSED);
      }
    } catch (WakeupException e) {
      // shutdown while training: let the run reach its next batch and stop there
      stop.set(true);
      awaitEnd(outcome, record.key());
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StorageException || cause instanceof PublishException) {
        // the store or the broker is down: leave the request for the next owner, stop taking work
        LOG.errorf(
            cause,
            "run %s interrupted by an outage; its request stays unacknowledged",
            record.key());
        running.set(false);
      } else {
        LOG.errorf(cause, "run %s crashed", record.key());
        tracing.receive(record, () -> runs.fail(record.key(), "training failed: " + cause, null));
        commit(record);
        metrics.consumed(record, Outcome.FAILED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.set(true);
      running.set(false);
    } finally {
      active = null;
      consumer.resume(consumer.assignment());
    }
  }

  /**
   * The request, or empty if it is not one: then it is answered with RunFailed or dead-lettered.
   */
  private Optional<RunRequested> decode(ConsumerRecord<String, byte[]> record) {
    try {
      Optional<Envelope> envelope = CloudEventsKafka.fromRecordIfKnown(record);
      if (envelope.isPresent() && envelope.get().data() instanceof RunRequested request) {
        return Optional.of(request);
      }
      LOG.infof("skipping %s@%d: not a run request", record.topic(), record.offset());
      metrics.consumed(record, Outcome.SKIPPED);
    } catch (InvalidEventException e) {
      if (e.field() != null && record.key() != null && !"runId".equals(e.field())) {
        tracing.receive(record, () -> runs.fail(record.key(), e.getMessage(), e.field()));
        metrics.consumed(record, Outcome.FAILED);
      } else {
        tracing.receive(record, () -> deadLetters.send(record, e.getMessage()));
        metrics.consumed(record, Outcome.DEAD_LETTERED);
      }
    }
    return Optional.empty();
  }

  private void commit(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
    // a rebalance during the run reset the position to the last commit: move past the request
    if (consumer.assignment().contains(partition)) {
      consumer.seek(partition, record.offset() + 1);
    }
  }

  private boolean ownsPartition(ConsumerRecord<String, byte[]> record) {
    return consumer.assignment().contains(new TopicPartition(record.topic(), record.partition()));
  }

  /** Records polled while busy (a partition assigned mid-run) are read again later. */
  private void rewind(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    first.forEach(consumer::seek);
    consumer.pause(consumer.assignment());
  }

  private void stopActiveRun(String why) {
    ActiveRun run = active;
    if (run == null) {
      return;
    }
    LOG.infof("stopping run %s: %s", run.record().key(), why);
    run.stop().set(true);
    awaitEnd(run.outcome(), run.record().key());
  }

  private void awaitEnd(Future<RunOutcome> outcome, String runId) {
    try {
      outcome.get(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warnf("run %s did not stop within %s", runId, config.stopTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warnf("run %s ended with %s while stopping", runId, e.getCause().toString());
    }
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> props = new HashMap<>(kafkaConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // one request at a time: a worker holds no queue of runs it is not working on
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    // a worker keeps the partition of the run it trains, whoever joins (see RunLeaseAssignor)
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RunLeaseAssignor.class.getName());
    props.put(
        RunLeaseAssignor.ACTIVE_PARTITION,
        (java.util.function.Supplier<TopicPartition>)
            () -> {
              ActiveRun run = active;
              return run == null ? null : run.partition();
            });
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "trainer-" + ProcessHandle.current().pid());
    // the failover time after a crash; polling continues during runs, so a long run never trips it
    int session = (int) config.sessionTimeout().toMillis();
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, session / 3));
    return props;
  }

  /**
   * Rebalance callbacks, run on the loop thread inside poll(). The protocol is eager: everything is
   * revoked first, and the run's partition comes back to its worker (RunLeaseAssignor), so the run
   * goes on unless the new assignment lacks it.
   */
  private final class Lease implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // nothing to do: the run's partition is leased back in the assignment that follows
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      ActiveRun run = active;
      if (run != null && partitions.contains(run.partition())) {
        stopActiveRun("this worker lost its membership in the group");
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      ActiveRun run = active;
      if (run == null) {
        return;
      }
      if (!partitions.contains(run.partition())) {
        stopActiveRun("its partition " + run.partition() + " went to another worker");
      }
      consumer.pause(partitions);
    }
  }
}
