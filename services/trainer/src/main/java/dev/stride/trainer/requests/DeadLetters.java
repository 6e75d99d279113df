package dev.stride.trainer.requests;

import dev.stride.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Copies a record that is not a usable request to {@code training.requests.dlq}, with the reason in
 * the same headers SmallRye's dead-letter queue uses in the other services.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  @Inject
  @Channel("events")
  Emitter<ProducerRecord<String, byte[]>> emitter;

  public void send(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warnf(
        "dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(
            Topics.deadLetter(record.topic()),
            null,
            record.key(),
            record.value(),
            record.headers());
    Headers headers = dead.headers();
    headers.add("dead-letter-reason", bytes(reason));
    headers.add("dead-letter-topic", bytes(record.topic()));
    headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
    headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
    try {
      emitter.send(dead).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot dead-letter " + record.topic() + "@" + record.offset(), e);
    }
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
