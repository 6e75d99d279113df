package dev.stride.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * Gradient recording for one training thread. DJL's PyTorch collector allows one collector per JVM
 * (a static flag: "Only one can be collecting at a time"), so two runs training at once in one
 * worker would fail; libtorch's grad mode is per thread, so this one switches it on for the calling
 * thread only and holds no shared state. Like DJL's, it leaves zeroing to the optimizer step (DJL's
 * PyTorch Adam and SGD zero each weight's gradient after updating it).
 */
final class ThreadGradients implements GradientCollector {

  private final boolean wasRecording;

  private ThreadGradients() {
    wasRecording = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
  }

  /** A collector for {@code trainer}'s thread: this one on PyTorch, the engine's own elsewhere. */
  static GradientCollector open(Trainer trainer) {
    return isPyTorch(trainer) ? new ThreadGradients() : trainer.newGradientCollector();
  }

  static boolean isPyTorch(Trainer trainer) {
    return "PyTorch".equals(trainer.getManager().getEngine().getEngineName());
  }

  @Override
  public void backward(NDArray target) {
    try (NDArray seed = target.onesLike()) {
      JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
    }
  }

  /** Not needed: every step's optimizer update leaves the gradients it used at zero. */
  @Override
  public void zeroGradients() {
    throw new UnsupportedOperationException("the optimizer step zeroes the gradients it uses");
  }

  @Override
  public void close() {
    JniUtils.setGradMode(wasRecording);
  }

  /**
   * Inference on the calling thread without recording a graph (libtorch records by default on a new
   * thread; scoring has no use for it), restored on close.
   */
  static AutoCloseableNoThrow inference(Trainer trainer) {
    if (!isPyTorch(trainer)) {
      return () -> {};
    }
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    return () -> JniUtils.setGradMode(was);
  }

  /** An AutoCloseable whose close throws nothing checked. */
  interface AutoCloseableNoThrow extends AutoCloseable {
    @Override
    void close();
  }
}
