package dev.stride.predictor.inference;

/** The queue cannot take a request's pictures now; the caller should retry later. */
public class OverloadedException extends RuntimeException {

  public OverloadedException(int items, int queued, int maxQueued) {
    super(
        "overloaded: "
            + queued
            + " of "
            + maxQueued
            + " picture slots are taken and this request needs "
            + items
            + "; retry shortly");
  }
}
