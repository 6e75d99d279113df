package dev.stride.trainer.run;

/** A run request that cannot run; {@code field} is the request field at fault. */
class RequestException extends Exception {

  private final String field;

  RequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
