package dev.stride.trainer.run;

/** Kafka did not take an event in time; the run's request must stay unacknowledged. */
public class PublishException extends RuntimeException {

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
