package dev.stride.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DevStackExtension.class)
class DevStackTest {

  @Test
  void createsStrideTopicsWithTheirPartitions(DevStack stack) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
      var topics = admin.describeTopics(Topics.ALL).allTopicNames().get(10, TimeUnit.SECONDS);

      assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
      assertThat(topics.get(Topics.TRAINING_REQUESTS).partitions()).hasSize(4);
      assertThat(topics.get(Topics.TRAINING_EVENTS).partitions()).hasSize(1);
      // nothing has written to a dead-letter topic yet: they exist because the stack made them
      assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .containsAll(Topics.ALL.stream().map(Topics::deadLetter).toList());
    }
  }

  @Test
  void brokerKeepsWhatWasWrittenAcrossAKill(DevStack stack) throws Exception {
    String topic = "devstack-test-" + System.nanoTime();
    try (var producer = producer(stack)) {
      producer.send(new ProducerRecord<>(topic, "k", "before the crash")).get(10, TimeUnit.SECONDS);
    }

    stack.kafka().kill();
    stack.kafka().restart(Duration.ofSeconds(60));

    try (var consumer = consumer(stack)) {
      consumer.subscribe(List.of(topic));
      List<String> values = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
      assertThat(values).containsExactly("before the crash");
    }
  }

  @Test
  void s3ServerAnswersTheS3ApiAndHoldsTheBucket(DevStack stack) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> serviceListing =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.s3().endpoint() + "/")).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> missingBucket =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.s3().endpoint() + "/no-such-bucket")).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    assertThat(serviceListing.statusCode()).isEqualTo(403);
    assertThat(serviceListing.body()).contains("<Code>AccessDenied</Code>");
    assertThat(missingBucket.statusCode()).isEqualTo(404);
    assertThat(missingBucket.body()).contains("<Code>NoSuchBucket</Code>");
    assertThat(Files.isDirectory(stack.directory().resolve("s3/buckets/stride"))).isTrue();
  }

  private static KafkaProducer<String, String> producer(DevStack stack) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(DevStack stack) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
