package dev.stride.trainer.requests;

import dev.stride.contracts.Topics;
import dev.stride.trainer.run.TrainingEventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * Copies a record that is not a usable request to {@code training.requests.dlq}, with the reason in
 * the same headers SmallRye's dead-letter queue uses in the other services.
 */
@ApplicationScoped
public class DeadLetters {

  private static final Logger LOG = Logger.getLogger(DeadLetters.class);

  @Inject TrainingEventPublisher events;

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
    events.send(dead);
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
