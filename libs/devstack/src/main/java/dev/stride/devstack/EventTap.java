package dev.stride.devstack;

import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.messaging.CloudEventsKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A client of Stride's event API for tests and the launcher: records every event on the given
 * topics from their beginning (in a background thread), waits for the one it is told to, and
 * publishes events and raw records.
 */
public final class EventTap implements AutoCloseable {

  /** The prefix of every tap's consumer group: taps read, they are not the stack. */
  private static final String TAP_GROUP = "event-tap-";

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Envelope> events = new CopyOnWriteArrayList<>();
  private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> seen = new java.util.HashSet<>();
  private final Thread poller;
  private final String bootstrapServers;
  private final Collection<String> topics;

  /** The next offset to read on each partition the tap has records of. */
  private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();

  private volatile boolean running = true;

  private EventTap(String bootstrapServers, Collection<String> topics) {
    this.bootstrapServers = bootstrapServers;
    this.topics = List.copyOf(topics);
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, TAP_GROUP + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
    consumer.subscribe(List.copyOf(topics));
    this.poller = new Thread(this::poll, "event-tap");
    poller.setDaemon(true);
  }

  /** Starts recording {@code topics} from their first record. */
  public static EventTap open(String bootstrapServers, Collection<String> topics) {
    EventTap tap = new EventTap(bootstrapServers, topics);
    if (topics.isEmpty()) {
      tap.consumer.close(Duration.ofSeconds(5)); // a tap of no topics only publishes
    } else {
      tap.poller.start();
    }
    return tap;
  }

  /** Every valid Stride event seen so far, in arrival order. */
  public List<Envelope> events() {
    return List.copyOf(events);
  }

  /** Every record seen so far, valid or not. */
  public List<ConsumerRecord<String, byte[]>> records() {
    return List.copyOf(records);
  }

  /** The records seen so far whose key starts with {@code keyPrefix}, valid or not, in order. */
  public List<ConsumerRecord<String, byte[]>> records(String keyPrefix) {
    return records().stream()
        .filter(r -> r.key() != null && r.key().startsWith(keyPrefix))
        .toList();
  }

  /** The events of one type about one entity, in order. */
  public <T extends Event> List<T> events(Class<T> type, String key) {
    List<T> matching = new ArrayList<>();
    for (Envelope envelope : events) {
      if (type.isInstance(envelope.data()) && key.equals(envelope.key())) {
        matching.add(type.cast(envelope.data()));
      }
    }
    return matching;
  }

  /**
   * Waits for the first event of {@code type} matching {@code filter}.
   *
   * @throws AssertionError with the events seen so far, if none comes within {@code timeout}
   */
  public <T extends Event> T await(Class<T> type, Predicate<T> filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found =
          events.stream()
              .map(Envelope::data)
              .filter(type::isInstance)
              .map(type::cast)
              .filter(filter)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no "
                + type.getSimpleName()
                + " as expected within "
                + timeout
                + "; seen: "
                + summary());
      }
      if (!poller.isAlive()) {
        throw new AssertionError("the event tap stopped; seen: " + summary());
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + type.getSimpleName(), e);
      }
    }
  }

  /**
   * Waits until the whole stack is quiet: every consumer group that has members and commits (other
   * than taps) has read every record of every partition it reads (lag 0, read with the admin
   * client; the beginning for an assigned partition without a commit), this tap has seen every
   * record of its topics, and nothing was written meanwhile, twice in a row a second apart. What
   * the tap holds then is final: a later duplicate would need a record no consumer has read yet.
   *
   * @throws AssertionError naming the lagging groups, if the stack is not quiet within {@code
   *     timeout}
   */
  public void awaitQuiet(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, Long> previous = null;
      while (true) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<String> lagging = lagging(admin, ends);
        if (lagging.isEmpty() && ends.equals(previous)) {
          return;
        }
        previous = lagging.isEmpty() ? ends : null;
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the stack is not quiet after " + timeout + ": " + String.join("; ", lagging));
        }
        TimeUnit.SECONDS.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the stack to go quiet", e);
    } catch (ExecutionException e) {
      throw new DevStackException("cannot read consumer lag: " + e.getCause(), e);
    }
  }

  /** Who has records left to read; fills {@code ends} with the end offset of every partition. */
  private List<String> lagging(Admin admin, Map<TopicPartition, Long> ends)
      throws InterruptedException, ExecutionException {
    List<String> listed =
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
            .map(GroupListing::groupId)
            .filter(group -> !group.startsWith(TAP_GROUP))
            .toList();
    // a group without members consumes nothing: the group of a process that is gone (per-instance
    // groups such as the console's) would otherwise lag for ever
    Map<String, Map<TopicPartition, Long>> positions = new HashMap<>();
    for (var entry : admin.describeConsumerGroups(listed).all().get().entrySet()) {
      if (entry.getValue().members().isEmpty()) {
        continue;
      }
      Map<TopicPartition, Long> at = new HashMap<>();
      admin
          .listConsumerGroupOffsets(entry.getKey())
          .partitionsToOffsetAndMetadata()
          .get()
          .forEach((tp, offset) -> at.put(tp, offset == null ? null : offset.offset()));
      if (at.isEmpty()) {
        // a group that never commits (the console's registry, a trainer's control channel) keeps
        // a view, not work: where it is cannot be read, and nothing waits on it
        continue;
      }
      // an assigned partition without a committed offset is read from its beginning
      entry
          .getValue()
          .members()
          .forEach(
              member ->
                  member.assignment().topicPartitions().forEach(tp -> at.putIfAbsent(tp, null)));
      positions.put(entry.getKey(), at);
    }
    Map<TopicPartition, Long> tapPositions = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get()
        .forEach(
            (topic, description) ->
                description
                    .partitions()
                    .forEach(
                        partition -> {
                          TopicPartition tp = new TopicPartition(topic, partition.partition());
                          tapPositions.put(tp, read.getOrDefault(tp, null));
                        }));
    positions.put("this tap", tapPositions);

    java.util.Set<TopicPartition> all = new java.util.HashSet<>();
    positions.values().forEach(p -> all.addAll(p.keySet()));
    Map<TopicPartition, Long> starts = offsets(admin, all, OffsetSpec.earliest());
    ends.putAll(offsets(admin, all, OffsetSpec.latest()));
    List<String> lagging = new ArrayList<>();
    positions.forEach(
        (group, at) ->
            at.forEach(
                (tp, position) -> {
                  long from = position == null ? starts.getOrDefault(tp, 0L) : position;
                  long lag = ends.getOrDefault(tp, 0L) - from;
                  if (lag > 0) {
                    lagging.add(group + " has " + lag + " to read on " + tp);
                  }
                }));
    return lagging;
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  /** Publishes {@code event} to its topic and waits for the broker's acknowledgement. */
  public void publish(Event event, String source) {
    send(CloudEventsKafka.toRecord(event, source));
  }

  /** Sends any record, e.g. a malformed one, and waits for the broker's acknowledgement. */
  public void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new DevStackException("cannot send to " + record.topic() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    if (poller.isAlive()) {
      consumer.wakeup();
    }
    try {
      poller.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }

  private void poll() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          // the tap commits nothing, so a rebalance (a broker restart) reads a topic again from
          // its start: a record already seen is the same record, not a second one
          if (!seen.add(record.topic() + "/" + record.partition() + "/" + record.offset())) {
            continue;
          }
          read.merge(
              new TopicPartition(record.topic(), record.partition()),
              record.offset() + 1,
              Math::max);
          records.add(record);
          try {
            events.add(CloudEventsKafka.fromRecord(record));
          } catch (InvalidEventException e) {
            // not a Stride event (a poison record in a test, a DLQ copy): kept in records() only
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private String summary() {
    List<String> seen = new ArrayList<>();
    for (Envelope e : events) {
      seen.add(e.data().getClass().getSimpleName() + "(" + e.key() + ")");
    }
    return seen.isEmpty() ? "nothing" : String.join(", ", seen);
  }

  /** The value of header {@code name} of a record, or null. */
  public static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null
        ? null
        : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
