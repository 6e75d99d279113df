package dev.stride.trainer.requests;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.RunRequested;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.storage.StorageException;
import dev.stride.trainer.TrainerConfig;
import dev.stride.trainer.run.PublishException;
import dev.stride.trainer.run.RunAdmission;
import dev.stride.trainer.run.RunExecutor;
import dev.stride.trainer.run.RunOutcome;
import dev.stride.trainer.run.TrainingEventPublisher;
import dev.stride.trainer.scaling.PodDeletionCost;
import io.micrometer.core.instrument.Gauge;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Takes runs from {@code training.requests}, up to trainer.max-concurrent-runs at a time. Owning a
 * partition in the {@code trainers} group is the lease on its runs: a request is acknowledged (its
 * offset committed) only when its run has ended, and never past a run of the same partition still
 * training (see RunLedger); while the worker is full its partitions are paused but still polled, so
 * it stays in the group however long the runs last; a revoked partition stops its runs, which
 * whoever owns the partition next takes up again.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

  private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);

  @Inject TrainerConfig config;
  @Inject RunExecutor runs;
  @Inject RunAdmission admission;
  @Inject TrainingEventPublisher events;
  @Inject EventMetrics metrics;
  @Inject Tracing tracing;
  @Inject MeterRegistry registry;
  @Inject PodDeletionCost deletionCost;

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafkaConfig;

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService loopThread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "trainer-requests"));
  private final AtomicInteger runThreadCount = new AtomicInteger();
  private final ExecutorService runThreads =
      Executors.newCachedThreadPool(
          r -> new Thread(r, "trainer-run-" + runThreadCount.incrementAndGet()));
  // the loop thread's alone, but for the health check and the lease assignor reading it
  private final Map<TopicPartitionOffset, ActiveRun> active = new ConcurrentHashMap<>();
  private final RunLedger ledger = new RunLedger();
  // partitions whose commit met a broker outage: committed again at the next turn of the loop
  private final Set<TopicPartition> uncommitted = new HashSet<>();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile KafkaClientMetrics consumerMetrics;
  private volatile Future<?> loop;
  // a request left for lack of device memory: none is taken until one of the runs ends
  private boolean full;

  /** Where a request sits. */
  private record TopicPartitionOffset(TopicPartition partition, long offset) {

    static TopicPartitionOffset of(ConsumerRecord<String, byte[]> record) {
      return new TopicPartitionOffset(
          new TopicPartition(record.topic(), record.partition()), record.offset());
    }
  }

  /** A run in progress: its record and request, its stop flag and its end. */
  private record ActiveRun(
      ConsumerRecord<String, byte[]> record,
      RunRequested request,
      AtomicBoolean stop,
      Future<RunOutcome> outcome) {

    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }
  }

  void onStart(@Observes StartupEvent event) {
    if (config.maxConcurrentRuns() < 1) {
      throw new IllegalArgumentException(
          "trainer.max-concurrent-runs must be at least 1, was " + config.maxConcurrentRuns());
    }
    consumer =
        new KafkaConsumer<>(
            consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    // this consumer is not SmallRye's, so Quarkus' Kafka binder does not see it: its lag and
    // fetch meters (kafka_consumer_fetch_manager_records_lag_max...) are bound here
    consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(registry);
    Gauge.builder("stride.training.runs.active", active, Map::size)
        .description("Runs this worker is training now")
        .register(registry);
    LOG.infof("taking up to %d runs at a time", config.maxConcurrentRuns());
    loop = loopThread.submit(this::pollLoop);
  }

  /** SIGTERM: stop every run at its next batch (each leaves a checkpoint), leave the group. */
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
    runThreads.shutdownNow();
    if (consumerMetrics != null) {
      consumerMetrics.close();
    }
  }

  /** Whether the loop is alive, and the runs it is on; for the health checks. */
  public boolean isAlive() {
    return loop != null && !loop.isDone();
  }

  public List<String> activeRuns() {
    return active.values().stream().map(r -> r.record().key()).sorted().toList();
  }

  private void pollLoop() {
    try {
      consumer.subscribe(List.of(Topics.TRAINING_REQUESTS), new Lease());
      while (running.get()) {
        List.copyOf(uncommitted).forEach(this::commit);
        settleEndedRuns();
        boolean room = !full && active.size() < config.maxConcurrentRuns();
        if (room) {
          consumer.resume(consumer.assignment());
        } else {
          // nothing comes back while paused; polling keeps this worker in the group
          consumer.pause(consumer.assignment());
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (!running.get() || full || active.size() >= config.maxConcurrentRuns()) {
            // read while full (a partition assigned mid-run): read again later
            consumer.seek(new TopicPartition(record.topic(), record.partition()), record.offset());
            break;
          }
          take(record);
        }
      }
    } catch (WakeupException e) {
      // shutdown
    } catch (RuntimeException e) {
      LOG.error("the request loop failed; this worker takes no more runs", e);
      throw e;
    } finally {
      stopRuns(active.values(), "this worker is stopping");
      try {
        settleEndedRuns();
      } catch (RuntimeException e) {
        LOG.warnf("runs that ended while stopping stay unacknowledged: %s", e.toString());
      }
      consumer.close(Duration.ofSeconds(10));
    }
  }

  /** Starts the run a request asks for, or answers a request that is none. */
  private void take(ConsumerRecord<String, byte[]> record) {
    TopicPartitionOffset at = TopicPartitionOffset.of(record);
    Optional<RunRequested> request;
    try {
      request = decode(record);
    } catch (PublishException e) {
      // its answer (RunFailed, a dead letter) met a broker outage: read it again and answer then
      LOG.warnf(
          "%s@%d stays unanswered for now: %s", record.topic(), record.offset(), e.getMessage());
      consumer.seek(at.partition(), at.offset());
      return;
    }
    if (request.isEmpty()) {
      ledger.taken(at.partition(), at.offset());
      ledger.ended(at.partition(), at.offset());
      commit(at.partition());
      return;
    }
    RunRequested run = request.get();
    Optional<String> refusal = admission.refusal(run, active.size());
    if (refusal.isPresent()) {
      LOG.infof(
          "leaving run %s for now, %d running here: it %s",
          run.runId(), active.size(), refusal.get());
      consumer.seek(at.partition(), at.offset());
      full = true;
      return;
    }
    AtomicBoolean stop = new AtomicBoolean(false);
    ledger.taken(at.partition(), at.offset());
    active.put(at, new ActiveRun(record, run, stop, start(record, run, stop)));
    deletionCost.runsActive(active.size());
  }

  /** Trains {@code run} on a thread of its own. */
  private Future<RunOutcome> start(
      ConsumerRecord<String, byte[]> record, RunRequested run, AtomicBoolean stop) {
    return runThreads.submit(
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
  }

  /** Acknowledges what the runs that ended allow, and counts them. */
  private void settleEndedRuns() {
    for (Map.Entry<TopicPartitionOffset, ActiveRun> entry : List.copyOf(active.entrySet())) {
      ActiveRun run = entry.getValue();
      if (!run.outcome().isDone()) {
        continue;
      }
      active.remove(entry.getKey());
      deletionCost.runsActive(active.size());
      full = false;
      ConsumerRecord<String, byte[]> record = run.record();
      TopicPartition partition = run.partition();
      try {
        RunOutcome result = run.outcome().get();
        if (result == RunOutcome.STOPPED) {
          // not acknowledged: whoever owns the partition next continues the run and counts it
          continue;
        }
        if (ownsPartition(partition)) {
          ledger.ended(partition, record.offset());
          commit(partition);
          metrics.consumed(
              record, result == RunOutcome.FAILED ? Outcome.FAILED : Outcome.PROCESSED);
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        String reason = failureReason(cause);
        LOG.errorf(cause, "run %s ended: %s", record.key(), reason);
        // an outage ends the run, not the loop: this worker goes on taking work once it is over
        if (announceFailure(record, reason)) {
          ledger.ended(partition, record.offset());
          commit(partition);
          metrics.consumed(record, Outcome.FAILED);
        } else if (ownsPartition(partition)) {
          // the broker took no RunFailed either: the run goes on from its newest checkpoint, and
          // ends (completed, or failed and announced) once the broker is back
          LOG.warnf("run %s starts again from its newest checkpoint", record.key());
          active.put(
              entry.getKey(),
              new ActiveRun(
                  record, run.request(), run.stop(), start(record, run.request(), run.stop())));
          deletionCost.runsActive(active.size());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
      }
    }
  }

  /** What a run's RunFailed says about the exception that ended it. */
  private static String failureReason(Throwable cause) {
    if (cause instanceof StorageException) {
      return "the object store was unavailable longer than its retry budget"
          + " (stride.store.retry.*): "
          + cause.getMessage();
    }
    if (cause instanceof PublishException) {
      return "Kafka was unavailable longer than the producer's delivery timeout: "
          + cause.getMessage();
    }
    return "training failed: " + cause;
  }

  /** Publishes the run's RunFailed; false if the broker did not take it. */
  private boolean announceFailure(ConsumerRecord<String, byte[]> record, String reason) {
    try {
      tracing.receive(record, () -> runs.fail(record.key(), reason, null));
      return true;
    } catch (PublishException e) {
      LOG.warnf("run %s: its failure is not announced yet: %s", record.key(), e.getMessage());
      return false;
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
        tracing.receive(record, () -> events.deadLetter(record, e.getMessage()));
        metrics.consumed(record, Outcome.DEAD_LETTERED);
      }
    }
    return Optional.empty();
  }

  private void commit(TopicPartition partition) {
    OptionalLong offset = ledger.toCommit(partition);
    if (offset.isEmpty() || !ownsPartition(partition)) {
      uncommitted.remove(partition);
      return;
    }
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset.getAsLong())));
      ledger.committed(partition, offset.getAsLong());
      uncommitted.remove(partition);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // the broker is down or the group rebalancing: the loop commits again at its next turn
      LOG.warnf("%s not committed up to %d yet: %s", partition, offset.getAsLong(), e.toString());
      uncommitted.add(partition);
    }
  }

  private boolean ownsPartition(TopicPartition partition) {
    return consumer.assignment().contains(partition);
  }

  /** Asks each run to stop at its next batch, then waits for all of them (together). */
  private void stopRuns(Collection<ActiveRun> stopping, String why) {
    List<ActiveRun> runs = List.copyOf(stopping);
    for (ActiveRun run : runs) {
      LOG.infof("stopping run %s: %s", run.record().key(), why);
      run.stop().set(true);
    }
    long deadline = System.nanoTime() + config.stopTimeout().toNanos();
    for (ActiveRun run : runs) {
      try {
        run.outcome().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warnf("run %s did not stop within %s", run.record().key(), config.stopTimeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.warnf("run %s ended with %s while stopping", run.record().key(), e.getCause());
      }
    }
  }

  Map<String, Object> consumerConfig() {
    Map<String, Object> props = new HashMap<>(kafkaConfig);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // one request per poll: a worker holds no queue of runs it is not working on
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    // a worker keeps the partitions of the runs it trains, whoever joins (see RunLeaseAssignor)
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RunLeaseAssignor.class.getName());
    props.put(
        RunLeaseAssignor.ACTIVE_PARTITIONS, (Supplier<Collection<TopicPartition>>) ledger::held);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "trainer-" + ProcessHandle.current().pid());
    // the failover time after a crash; polling continues during runs, so a long run never trips it
    int session = (int) config.sessionTimeout().toMillis();
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, session / 3));
    return props;
  }

  /**
   * Rebalance callbacks, run on the loop thread inside poll(). The protocol is eager: everything is
   * revoked first, and the runs' partitions come back to their worker (RunLeaseAssignor), so the
   * runs go on unless the new assignment lacks their partition.
   */
  private final class Lease implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // nothing to do: the runs' partitions are leased back in the assignment that follows
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      lose(partitions, "this worker lost its membership in the group");
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Set<TopicPartition> gone = new HashSet<>(ledger.held());
      active.values().forEach(r -> gone.add(r.partition()));
      gone.removeAll(partitions);
      lose(gone, "its partition went to another worker");
      // back at the last commit: read on past the requests this worker still holds
      for (TopicPartition partition : partitions) {
        ledger.next(partition).ifPresent(next -> consumer.seek(partition, next));
      }
    }

    private void lose(Collection<TopicPartition> partitions, String why) {
      if (partitions.isEmpty()) {
        return;
      }
      stopRuns(
          active.values().stream().filter(r -> partitions.contains(r.partition())).toList(), why);
      partitions.forEach(ledger::forget);
    }
  }
}
