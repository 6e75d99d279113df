package dev.stride.cli.demo;

/** The demo cannot go on; the message says where it stopped. */
class DemoFailure extends RuntimeException {

  DemoFailure(String message) {
    super(message);
  }
}
