package dev.stride.cli.demo;

import dev.stride.client.StrideClientException;

/** The demo cannot go on; the message says where it stopped. */
class DemoFailure extends RuntimeException {

  DemoFailure(String message) {
    super(message);
  }

  /** What the demo prints for {@code failure}: a failed call names its request in full. */
  static String message(RuntimeException failure) {
    if (failure instanceof StrideClientException e && e.answered()) {
      return e.method() + " " + e.uri() + " answered " + e.status() + ": " + e.error().error();
    }
    if (failure instanceof StrideClientException e && !e.interrupted()) {
      return e.method() + " " + e.uri() + " failed: " + e.getCause().getMessage();
    }
    return failure.getMessage();
  }
}
