package dev.stride.contracts.events;

/**
 * A well-formed CloudEvent whose type this version of Stride does not know (another producer's
 * event, or a newer major version). Consumers skip these rather than failing.
 */
public class UnknownEventTypeException extends InvalidEventException {

  public UnknownEventTypeException(String type) {
    super(
        type,
        "event type '"
            + type
            + "' is not one this version reads (another producer's, or a newer major version)",
        null);
  }
}
