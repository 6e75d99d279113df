package dev.stride.nn.spec;

import java.util.ArrayList;
import java.util.List;

/** Each layer type's checks, output shape and Keras parameter count. */
final class LayerRules {

  private LayerRules() {}

  static LayerShape infer(
      ShapeInference.Fields f, String name, LayerSpec layer, TensorShape in, int classes) {
    if (layer instanceof LayerSpec.Conv conv) {
      return conv(f, name, conv, in, classes);
    }
    if (layer instanceof LayerSpec.Pooling pool) {
      int size = f.atLeastOne("size", pool.size());
      int stride = f.atLeastOne("stride", pool.stride());
      f.volume(in);
      if (pool.padding() == Padding.SAME) {
        ShapeInference.samePoolNeedsOddWindow(f, size, stride);
      }
      TensorShape out =
          ConvArithmetic.slide(
              in, size + "×" + size + " pool", size, stride, pool.padding(), in.channels());
      return LayerShape.of(f.index, name, layer, in, out, 0, 0);
    }
    if (layer instanceof LayerSpec.BatchNorm) {
      long channels = in.channels();
      return LayerShape.of(f.index, name, layer, in, in, 4 * channels, 2 * channels);
    }
    if (layer instanceof LayerSpec.Dropout dropout) {
      double rate = f.present("rate", dropout.rate());
      if (!(rate >= 0 && rate < 1)) {
        throw f.invalid("rate", "'rate' must be at least 0 and below 1, got " + rate);
      }
      return LayerShape.of(f.index, name, layer, in, in, 0, 0);
    }
    if (layer instanceof LayerSpec.Flatten) {
      return LayerShape.of(f.index, name, layer, in, TensorShape.vector(flatSize(f, in)), 0, 0);
    }
    if (layer instanceof LayerSpec.Dense dense) {
      int units = f.atLeastOne("units", dense.units(), classes);
      f.vector(in);
      long params = ((long) in.channels() + 1) * units;
      return LayerShape.of(f.index, name, layer, in, TensorShape.vector(units), params, params);
    }
    if (layer instanceof LayerSpec.GlobalAvgPool) {
      f.volume(in);
      return LayerShape.of(f.index, name, layer, in, TensorShape.vector(in.channels()), 0, 0);
    }
    if (layer instanceof LayerSpec.Activation activation) {
      f.present("activation", activation.activation());
      return LayerShape.of(f.index, name, layer, in, in, 0, 0);
    }
    if (layer instanceof LayerSpec.Residual residual) {
      return residual(f, name, residual, in);
    }
    throw new IllegalStateException("no shape rule for " + layer.getClass().getSimpleName());
  }

  private static LayerShape conv(
      ShapeInference.Fields f, String name, LayerSpec.Conv conv, TensorShape in, int classes) {
    int filters = f.atLeastOne("filters", conv.filters(), classes);
    int kernel = f.atLeastOne("kernel", conv.kernel());
    int stride = f.atLeastOne("stride", conv.stride());
    f.volume(in);
    TensorShape out =
        ConvArithmetic.slide(
            in, "kernel " + kernel + "×" + kernel, kernel, stride, conv.padding(), filters);
    long params = convParams(kernel, in.channels(), filters, conv.bias());
    return LayerShape.of(f.index, name, conv, in, out, params, params);
  }

  /**
   * The block's own row carries the sum of its parts; the parts are what a diagram draws and what
   * filter pictures are named after.
   */
  private static LayerShape residual(
      ShapeInference.Fields f, String name, LayerSpec.Residual block, TensorShape in) {
    int filters = f.atLeastOne("filters", block.filters());
    int stride = f.atLeastOne("stride", block.stride());
    f.volume(in);
    TensorShape out = ConvArithmetic.slide(in, "kernel 3×3", 3, stride, Padding.SAME, filters);
    long convA = convParams(3, in.channels(), filters, true);
    long convB = convParams(3, filters, filters, true);
    long norm = 4L * filters; // gamma, beta trainable; moving mean, variance not
    KerasNames names = new KerasNames(name + "/");
    List<LayerShape> parts = new ArrayList<>();
    parts.add(part(f, names, LayerSpec.CONV, "Conv2D", in, out, convA, convA));
    parts.add(part(f, names, LayerSpec.BATCH_NORM, "BatchNormalization", out, out, norm, norm / 2));
    parts.add(part(f, names, LayerSpec.ACTIVATION, "Activation", out, out, 0, 0));
    parts.add(part(f, names, LayerSpec.CONV, "Conv2D", out, out, convB, convB));
    parts.add(part(f, names, LayerSpec.BATCH_NORM, "BatchNormalization", out, out, norm, norm / 2));
    if (block.projects(in.channels())) {
      long projection = convParams(1, in.channels(), filters, true);
      parts.add(part(f, names, LayerSpec.CONV, "Conv2D", in, out, projection, projection));
    }
    parts.add(part(f, names, "add", "Add", out, out, 0, 0));
    parts.add(part(f, names, LayerSpec.ACTIVATION, "Activation", out, out, 0, 0));
    long params = parts.stream().mapToLong(LayerShape::params).reduce(0, Math::addExact);
    long trainable =
        parts.stream().mapToLong(LayerShape::trainableParams).reduce(0, Math::addExact);
    return new LayerShape(
        f.index, name, block.type(), block.kerasClass(), in, out, params, trainable, parts);
  }

  private static LayerShape part(
      ShapeInference.Fields f,
      KerasNames names,
      String type,
      String kerasClass,
      TensorShape in,
      TensorShape out,
      long params,
      long trainable) {
    return new LayerShape(
        f.index, names.next(kerasClass), type, kerasClass, in, out, params, trainable, List.of());
  }

  /** k·k·C·filters (+ filters); throws ArithmeticException past 2^63, see ShapeInference. */
  private static long convParams(int kernel, int inChannels, int filters, boolean bias) {
    long weights =
        Math.multiplyExact(
            Math.multiplyExact((long) kernel * kernel, (long) inChannels), (long) filters);
    return Math.addExact(weights, bias ? filters : 0);
  }

  private static int flatSize(ShapeInference.Fields f, TensorShape in) {
    long size;
    try {
      size = in.size();
    } catch (ArithmeticException e) {
      size = Long.MAX_VALUE;
    }
    if (size > Integer.MAX_VALUE) {
      throw new ShapeException(f.index, f.type, in, "flattens to more than 2^31 values");
    }
    return (int) size;
  }
}
