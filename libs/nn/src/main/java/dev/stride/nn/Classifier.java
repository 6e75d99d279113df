package dev.stride.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.stride.data.ImageSet;
import dev.stride.nn.spec.ArchitectureSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained network in inference mode: class probabilities for CIFAR bytes, and scores on a
 * labelled set. Thread-safe: each call works in its own NDManager.
 */
public final class Classifier implements AutoCloseable {

  private final Model model;
  private final int classes;
  private final Normalization normalization;

  private Classifier(Model model, int classes, Normalization normalization) {
    this.model = model;
    this.classes = classes;
    this.normalization = normalization;
  }

  /**
   * Builds the preset {@code architecture} for {@code classes} classes and loads parameters written
   * by {@link #saveParameters}.
   *
   * @throws IOException if the file is unreadable or does not fit the architecture
   */
  public static Classifier load(String architecture, int classes, Path parameters, Device device)
      throws IOException {
    return load(
        architecture,
        Architectures.build(architecture, classes),
        classes,
        parameters,
        device,
        Normalization.scale());
  }

  /** As {@link #load(String, int, Path, Device)}, for a spec a run carried inline. */
  public static Classifier load(ArchitectureSpec spec, int classes, Path parameters, Device device)
      throws IOException {
    return load(spec, classes, parameters, device, Normalization.scale());
  }

  /**
   * As a checkpoint describes a network: its preset name, or the spec it was trained with (JSON,
   * null for a preset), and how its inputs were normalised.
   */
  public static Classifier load(
      String architecture,
      String specJson,
      int classes,
      Path parameters,
      Device device,
      Normalization normalization)
      throws IOException {
    ArchitectureSpec spec =
        specJson != null ? ArchitectureSpec.parse(specJson) : Presets.load(architecture);
    return load(spec, classes, parameters, device, normalization);
  }

  /** As above, for a network trained on inputs normalised as {@code normalization} says. */
  public static Classifier load(
      ArchitectureSpec spec,
      int classes,
      Path parameters,
      Device device,
      Normalization normalization)
      throws IOException {
    return load(
        spec.name(),
        Architectures.build(spec, classes),
        classes,
        parameters,
        device,
        normalization);
  }

  private static Classifier load(
      String architecture,
      Block block,
      int classes,
      Path parameters,
      Device device,
      Normalization normalization)
      throws IOException {
    Model model = Model.newInstance("stride-" + architecture, device);
    model.setBlock(block);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(parameters))) {
      block.loadParameters(model.getNDManager(), new DataInputStream(in));
      return new Classifier(model, classes, normalization);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException(
          "parameters in "
              + parameters.getFileName()
              + " do not fit "
              + architecture
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Writes a model's parameters (DJL's block format) for {@link #load}. */
  public static void saveParameters(Model model, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      model.getBlock().saveParameters(new DataOutputStream(out));
    }
  }

  public int classes() {
    return classes;
  }

  /** Where its parameters live and its forward passes run. */
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * @param chw {@code n * 3072} CHW bytes
   * @return (n, classes) softmax probabilities
   */
  public float[][] probabilities(byte[] chw, int n) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray probabilities = logits(manager, chw, 0, n).softmax(1);
      return rows(probabilities.toFloatArray(), n);
    }
  }

  /** Loss, accuracy and every probability on a labelled set, in batches. */
  public Scores score(ImageSet images, int batchSize) {
    Loss loss = Loss.softmaxCrossEntropyLoss();
    double lossSum = 0;
    long correct = 0;
    float[][] probabilities = new float[images.size()][];
    for (int from = 0; from < images.size(); from += batchSize) {
      int n = Math.min(batchSize, images.size() - from);
      try (NDManager manager = model.getNDManager().newSubManager()) {
        NDArray logits = logits(manager, images.pixels(), from, n);
        NDArray labels = InputTransform.toLabels(manager, images.labels(), from, n);
        lossSum += (double) loss.evaluate(new NDList(labels), new NDList(logits)).getFloat() * n;
        correct += TrainingLoop.correct(logits, labels).getLong();
        float[][] rows = rows(logits.softmax(1).toFloatArray(), n);
        System.arraycopy(rows, 0, probabilities, from, n);
      }
    }
    int total = images.size();
    return new Scores(
        total == 0 ? Double.NaN : lossSum / total,
        total == 0 ? Double.NaN : correct / (double) total,
        probabilities);
  }

  @Override
  public void close() {
    model.close();
  }

  private NDArray logits(NDManager manager, byte[] chw, int from, int n) {
    NDArray x = InputTransform.toInput(manager, chw, from, n, normalization);
    return model
        .getBlock()
        .forward(new ParameterStore(manager, false), new NDList(x), false)
        .singletonOrThrow();
  }

  private float[][] rows(float[] flat, int n) {
    float[][] rows = new float[n][classes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * classes, rows[i], 0, classes);
    }
    return rows;
  }

  /** How a classifier did on a labelled set; {@code probabilities[i]} belongs to image i. */
  public record Scores(double loss, double accuracy, float[][] probabilities) {}
}
